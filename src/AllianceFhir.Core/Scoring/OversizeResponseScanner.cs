using System.Buffers;
using System.Text;
using System.Text.Json;
using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Scoring;

/// <summary>
/// Scans a line too large to read into memory, chunk by chunk and in bounded memory, for what safety needs
/// (issue 10 §2, "PHQ-9 item 9 is never missed"): the top-level resourceType, id, status, questionnaire, authored,
/// subject and author, and every item whose linkId or code is a catalogue safety item's, with its answers.
/// <see cref="Complete"/> returns them as a small QuestionnaireResponse-shaped JSON that
/// <see cref="SafetyReader.ReadUnparsed"/> reads like any other unparsed response; the line itself stays rejected.
/// Bounded: a byte filter cuts every string to <see cref="MaxStringBytes"/> and every number or literal to 64 bytes
/// before the streaming <see cref="Utf8JsonReader"/> sees it, whitespace between tokens is dropped, what is not a
/// field safety needs is skipped by counting its depth (so 10,000-deep nesting costs no memory; the scan stops at
/// <see cref="MaxDepth"/>), and at most <see cref="MaxItemsKept"/> safety items are kept. Broken JSON ends the scan
/// where it breaks; what was read before it is kept (its item 9 is still seen).
/// </summary>
public sealed class OversizeResponseScanner
{
    public const int MaxStringBytes = 4096;
    public const int MaxDepth = 100_000;
    public const int MaxItemsKept = 100;
    private const int MaxScalarBytes = 64;

    private readonly HashSet<string> _linkIds;
    private readonly HashSet<string> _codes;
    private readonly ArrayBufferWriter<byte> _pending = new(1 << 16);
    private readonly List<Frame> _stack = [];
    private readonly List<ItemRecord> _kept = [];
    private readonly Dictionary<string, string> _top = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _references = new(StringComparer.Ordinal);
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = MaxDepth, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
    private string? _property;
    private bool _done;
    private bool _started;
    private int _skipDepth;

    // The byte filter's state.
    private bool _inString;
    private bool _escape;
    private int _unicodeLeft;
    private int _run;
    private bool _cut;

    public OversizeResponseScanner(InstrumentCatalogue catalogue)
    {
        var safetyItems = catalogue.Instruments.SelectMany(i => i.Items).Where(i => i.Safety is not null).ToList();
        _linkIds = safetyItems.Select(i => i.LinkId).ToHashSet(StringComparer.Ordinal);
        _codes = safetyItems.Where(i => i.Code is not null).Select(i => i.Code!.Code).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Why the scan ended before the end of the line (broken JSON, nesting too deep); null when it read to the end.</summary>
    public string? Problem { get; private set; }

    /// <summary>The top-level resourceType, once read.</summary>
    public string? ResourceType => _top.GetValueOrDefault("resourceType");

    /// <summary>The top-level id, once read.</summary>
    public string? Id => _top.GetValueOrDefault("id");

    /// <summary>The next bytes of the line, in order.</summary>
    public void Feed(ReadOnlySpan<byte> chunk)
    {
        if (_done) return;
        if (!_started)
        {
            _started = true;
            if (chunk.StartsWith("\uFEFF"u8)) chunk = chunk[3..]; // a byte-order mark at the start of the line
        }
        // In slices, so the parse buffer stays small however large a chunk the caller hands over.
        for (var at = 0; at < chunk.Length && !_done; at += Slice)
        {
            Filter(chunk.Slice(at, Math.Min(Slice, chunk.Length - at)));
            Parse(isFinal: false);
        }
    }

    private const int Slice = 1 << 16;

    /// <summary>
    /// Ends the line: the fields read as a small QuestionnaireResponse-shaped JSON (only when the line is a JSON object
    /// whose resourceType could be read), else null.
    /// </summary>
    public string? Complete()
    {
        if (!_done) Parse(isFinal: true);
        _done = true;
        _pending.Clear();
        if (ResourceType is null) return null;
        var output = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(output))
        {
            w.WriteStartObject();
            foreach (var name in new[] { "resourceType", "id", "status", "questionnaire", "authored" })
                if (_top.TryGetValue(name, out var value)) w.WriteString(name, value);
            foreach (var (name, reference) in _references)
            {
                w.WriteStartObject(name);
                w.WriteString("reference", reference);
                w.WriteEndObject();
            }
            w.WriteStartArray("item");
            foreach (var item in _kept) item.Write(w);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>Copies <paramref name="chunk"/> to the parse buffer, cutting long strings and scalars and dropping whitespace between tokens.</summary>
    private void Filter(ReadOnlySpan<byte> chunk)
    {
        var into = _pending.GetSpan(chunk.Length + 1);
        var n = 0;
        foreach (var b in chunk)
        {
            if (_inString)
            {
                if (_escape)
                {
                    _escape = false;
                    if (b == (byte)'u') _unicodeLeft = 4;
                }
                else if (_unicodeLeft > 0) _unicodeLeft--;
                else if (b == (byte)'"')
                {
                    _inString = false;
                    into[n++] = b;
                    continue;
                }
                else if (b == (byte)'\\')
                {
                    if (_run >= MaxStringBytes) _cut = true; // an escape is kept whole or not at all
                    _escape = true;
                }
                else if (_run >= MaxStringBytes && (b & 0xC0) != 0x80) _cut = true; // cut at a character boundary
                if (!_cut)
                {
                    into[n++] = b;
                    _run++;
                }
                continue;
            }
            switch (b)
            {
                case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                    _run = 0;
                    continue;
                case (byte)'"':
                    _inString = true;
                    _cut = false;
                    _run = 0;
                    into[n++] = b;
                    continue;
                case (byte)'{' or (byte)'}' or (byte)'[' or (byte)']' or (byte)':' or (byte)',':
                    _run = 0;
                    into[n++] = b;
                    continue;
                default:
                    if (_run++ < MaxScalarBytes) into[n++] = b;
                    continue;
            }
        }
        _pending.Advance(n);
    }

    private void Parse(bool isFinal)
    {
        if (_done) return;
        var buffer = _pending.WrittenSpan;
        var reader = new Utf8JsonReader(buffer, isFinal, _state);
        try
        {
            while (!_done && reader.Read()) Handle(ref reader);
            if (isFinal && !_done && (_stack.Count > 0 || _skipDepth > 0)) throw new JsonException("the line ends inside the JSON object");
        }
        catch (JsonException e)
        {
            Problem = e.Message;
            _done = true;
            _pending.Clear();
            return;
        }
        _state = reader.CurrentState;
        var rest = buffer[(int)reader.BytesConsumed..].ToArray();
        _pending.Clear();
        _pending.Write(rest);
    }

    private void Handle(ref Utf8JsonReader reader)
    {
        if (_skipDepth > 0)
        {
            // Inside something safety does not need: only its depth is followed.
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) _skipDepth++;
            else if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray) _skipDepth--;
            return;
        }
        var frame = _stack.Count == 0 ? null : _stack[^1];
        switch (reader.TokenType)
        {
            case JsonTokenType.PropertyName:
                _property = TryString(ref reader);
                return;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                var opened = frame is null
                    ? reader.TokenType == JsonTokenType.StartObject ? new Frame(Kind.Root) : null
                    : reader.TokenType == JsonTokenType.StartObject ? OpenObject(frame) : OpenArray(frame);
                if (opened is null)
                {
                    if (frame is null) throw new JsonException("the line is not a JSON object");
                    _skipDepth = 1;
                }
                else _stack.Add(opened);
                _property = null;
                return;
            case JsonTokenType.EndObject or JsonTokenType.EndArray:
                Close(frame!);
                _stack.RemoveAt(_stack.Count - 1);
                if (_stack.Count == 0) _done = true; // one JSON value per line: what follows is not read
                return;
            default:
                if (frame is null) throw new JsonException("the line is not a JSON object");
                Value(frame, ref reader);
                _property = null;
                return;
        }
    }

    private Frame? OpenObject(Frame parent) => (parent.Kind, _property) switch
    {
        (Kind.Root, "subject" or "author") => new Frame(Kind.Reference) { Name = _property },
        (Kind.ItemArray, _) => new Frame(Kind.Item) { Item = new ItemRecord() },
        (Kind.AnswerArray, _) => new Frame(Kind.Answer) { Item = parent.Item, Answer = parent.Item!.NewAnswer() },
        (Kind.CodeArray, _) => new Frame(Kind.Code) { Item = parent.Item },
        (Kind.Answer, "valueCoding") => new Frame(Kind.Coding) { Answer = parent.Answer!.AsCoding() },
        (Kind.ExtensionArray, _) => new Frame(Kind.Extension) { Answer = parent.Answer },
        _ => null,
    };

    private Frame? OpenArray(Frame parent) => (parent.Kind, _property) switch
    {
        (Kind.Root or Kind.Item or Kind.Answer, "item") => new Frame(Kind.ItemArray),
        (Kind.Item, "answer") => new Frame(Kind.AnswerArray) { Item = parent.Item },
        (Kind.Item, "code") => new Frame(Kind.CodeArray) { Item = parent.Item },
        (Kind.Coding, "extension") => new Frame(Kind.ExtensionArray) { Answer = parent.Answer },
        _ => null,
    };

    private void Close(Frame frame)
    {
        if (frame.Kind == Kind.Item && IsSafetyItem(frame.Item!) && _kept.Count < MaxItemsKept) _kept.Add(frame.Item!);
        else if (frame is { Kind: Kind.Extension, Answer: { } answer } && frame.Url == CanonicalUrls.OrdinalValue && frame.Number is { } ordinal)
            answer.Ordinal = ordinal;
    }

    private bool IsSafetyItem(ItemRecord item) =>
        (item.LinkId is { } linkId && (_linkIds.Contains(linkId) || _codes.Any(c => linkId == c || linkId.EndsWith("/" + c, StringComparison.Ordinal))))
        || item.Codes.Any(_codes.Contains);

    private void Value(Frame frame, ref Utf8JsonReader reader)
    {
        var text = reader.TokenType == JsonTokenType.String ? TryString(ref reader) : null;
        var number = reader.TokenType == JsonTokenType.Number ? Encoding.UTF8.GetString(reader.ValueSpan) : null;
        switch (frame.Kind, _property)
        {
            case (Kind.Root, "resourceType" or "id" or "status" or "questionnaire" or "authored") when text is not null:
                _top.TryAdd(_property!, text);
                break;
            case (Kind.Reference, "reference") when text is not null:
                _references.TryAdd(frame.Name!, text);
                break;
            case (Kind.Item, "linkId") when text is not null:
                frame.Item!.LinkId ??= text;
                break;
            case (Kind.Code, "code") when text is not null && frame.Item!.Codes.Count < 16:
                frame.Item.Codes.Add(text);
                break;
            case (Kind.Answer, { } name) when name.StartsWith("value", StringComparison.Ordinal):
                frame.Answer!.Set(name, text, number);
                break;
            case (Kind.Coding, "system" or "code" or "display") when text is not null:
                frame.Answer!.CodingFields.TryAdd(_property!, text);
                break;
            case (Kind.Extension, "url") when text is not null:
                frame.Url = text;
                break;
            case (Kind.Extension, "valueDecimal") when number is not null:
                frame.Number = number;
                break;
        }
    }

    private static string? TryString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null; // invalid UTF-8 in the string: not read
        }
    }

    private enum Kind { Root, Reference, ItemArray, Item, AnswerArray, Answer, CodeArray, Code, Coding, ExtensionArray, Extension }

    private sealed class Frame(Kind kind)
    {
        public Kind Kind { get; } = kind;
        public string? Name { get; init; }
        public ItemRecord? Item { get; init; }
        public AnswerRecord? Answer { get; init; }
        public string? Url { get; set; }
        public string? Number { get; set; }
    }

    private sealed class ItemRecord
    {
        public string? LinkId { get; set; }
        public List<string> Codes { get; } = [];
        public List<AnswerRecord> Answers { get; } = [];

        public AnswerRecord NewAnswer()
        {
            var answer = new AnswerRecord();
            if (Answers.Count < 16) Answers.Add(answer);
            return answer;
        }

        public void Write(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            if (LinkId is not null) w.WriteString("linkId", LinkId);
            if (Codes.Count > 0)
            {
                w.WriteStartArray("code");
                foreach (var code in Codes)
                {
                    w.WriteStartObject();
                    w.WriteString("code", code);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteStartArray("answer");
            foreach (var answer in Answers) answer.Write(w);
            w.WriteEndArray();
            w.WriteEndObject();
        }
    }

    private sealed class AnswerRecord
    {
        private readonly List<(string Name, string? Text, string? Number)> _values = [];
        private bool _coding;

        public Dictionary<string, string> CodingFields { get; } = new(StringComparer.Ordinal);
        public string? Ordinal { get; set; }

        public AnswerRecord AsCoding()
        {
            _coding = true;
            return this;
        }

        public void Set(string name, string? text, string? number)
        {
            if (_values.Count < 4) _values.Add((name, text, number));
        }

        public void Write(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            if (_coding)
            {
                w.WriteStartObject("valueCoding");
                foreach (var (name, value) in CodingFields) w.WriteString(name, value);
                if (Ordinal is not null)
                {
                    w.WriteStartArray("extension");
                    w.WriteStartObject();
                    w.WriteString("url", CanonicalUrls.OrdinalValue);
                    w.WritePropertyName("valueDecimal");
                    w.WriteRawValue(Ordinal);
                    w.WriteEndObject();
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            foreach (var (name, text, number) in _values)
            {
                if (number is not null)
                {
                    w.WritePropertyName(name);
                    w.WriteRawValue(number);
                }
                else if (text is not null) w.WriteString(name, text);
            }
            w.WriteEndObject();
        }
    }
}
