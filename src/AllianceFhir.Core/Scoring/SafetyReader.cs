using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Scoring.Input;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Scoring;

/// <summary>
/// Reads the safety item (PHQ-9 item 9) tolerantly, apart from strict scoring: whenever a positive answer can be
/// read at all it is seen, even in a response that is otherwise rejected or that did not parse as FHIR
/// (docs/adr/0001, "Item 9 is read leniently"). It finds the item by linkId or item code (LHC-Forms "/44260-8")
/// anywhere in the item tree, reads a coding (by code, also another form's code for the same value), an integer or
/// decimal ordinal, or a string equal to an answer's display; of several answers the highest counts. Only a
/// response marked <c>entered-in-error</c> is silenced (docs/domain.md §7: treat it as never said); in-progress, stopped,
/// amended and completed responses are not (the client said it). Each unusual reading adds a warning saying how.
/// </summary>
public sealed class SafetyReader(InstrumentCatalogue catalogue)
{
    private const string EnteredInError = "entered-in-error";
    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Each instrument's first safety item that has a code, in catalogue order: what a form the catalogue does not know is searched for.</summary>
    private readonly (Instrument Instrument, InstrumentItem Item)[] _byCode =
    [
        .. from instrument in catalogue.Instruments
           let item = instrument.SafetyItems.FirstOrDefault(i => i.Code is not null)
           where item is not null
           select (instrument, item!),
    ];

    public SafetyRead Read(QuestionnaireResponse response) => Read(ResponseInput.From(response));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public SafetyRead Read(ResponseInput response)
    {
        var (instrument, signal, issues) = Read(response, catalogue.Resolve(response.Questionnaire));
        return new SafetyRead(instrument, signal, issues);
    }

    /// <summary>
    /// As <see cref="Read(ResponseInput)"/>, with the questionnaire already resolved (the scorer resolves it once a line),
    /// as a value: the scorer keeps the parts, not a <see cref="SafetyRead"/> (issue 12).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal Evaluation Read(ResponseInput response, Instrument? instrument) =>
        Evaluate(response.Status, response.Questionnaire, instrument, new SafetyTree(response.Items, null));

    /// <summary>
    /// The safety read of a response that did not parse as FHIR (an unknown element, a wrong type elsewhere), from its
    /// raw JSON: a rejected result carrying <paramref name="rejection"/>, the envelope (id, subject, authored, author)
    /// as far as it can be read, and the safety signal. JSON that is not a QuestionnaireResponse object yields no signal.
    /// A leading UTF-8 byte-order mark is ignored.
    /// </summary>
    public ScoringResult ReadUnparsed(string json, ScoringIssue rejection)
    {
        var issues = new List<ScoringIssue> { rejection };
        var rejected = new ScoringResult(null, null, null, null, null, [], null, issues);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.Length > 0 && json[0] == '\uFEFF' ? json.AsMemory(1) : json.AsMemory(), Lenient);
        }
        catch (JsonException)
        {
            return rejected;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "resourceType") != "QuestionnaireResponse") return rejected;
            var nodes = new List<SafetyItemNode>();
            if (root.TryGetProperty("item", out var items)) Walk(items, "QuestionnaireResponse", 0, nodes);
            var questionnaire = Text(root, "questionnaire");
            var read = Evaluate(Text(root, "status"), questionnaire, catalogue.Resolve(questionnaire), new SafetyTree(null, nodes));
            if (read.Signal is not null)
            {
                issues.Add(Warn("safety-read-from-json",
                    $"the response was rejected before scoring; its {read.Instrument!.Title} item {read.Signal.Item.LinkId} was read from the raw JSON for safety",
                    "QuestionnaireResponse"));
                issues.AddRange(read.Issues);
            }
            return new ScoringResult(Text(root, "id"), read.Instrument, Reference(root, "subject"), Authored(Text(root, "authored")),
                Reference(root, "author"), [], read.Signal, issues);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Evaluation Evaluate(string? status, string? questionnaire, Instrument? instrument, SafetyTree tree)
    {
        List<ScoringIssue>? issues = null; // made when a warning is raised (issue 12: none on most lines)
        // Every item that carries safety-signal is read: PHQ-9 has one (item 9); the PHQ-A adds two yes/no suicide
        // questions that GLAD-PC says must be followed up like item 9 (docs/domain.md §2, young people's pack).
        var items = instrument?.SafetyItems ?? [];
        var byCodeOnly = false;
        if (items.Count == 0)
        {
            // Not a form we know with a safety item: an item carrying a safety item's code (LOINC 44260-8 means PHQ-9
            // item 9 whatever form it sits in) is still read as that item; a bare linkId "9" is not.
            foreach (var (candidate, safetyItem) in _byCode)
            {
                if (!tree.AnyHasCode(safetyItem.Code!.Code)) continue;
                (instrument, items, byCodeOnly) = (candidate, [safetyItem], true);
                (issues ??= []).Add(Warn("safety-read-by-code",
                    $"questionnaire '{questionnaire ?? "(missing)"}' is not a {candidate.Title} form the catalogue knows; the item coded {safetyItem.Code!.Code} was read as {candidate.Title} item {safetyItem.LinkId}: review the response by hand",
                    "QuestionnaireResponse.questionnaire"));
                break;
            }
            if (items.Count == 0) return new(instrument, null, []);
        }

        // The first positive item raises the signal; with none positive, the first safety item (PHQ-9/PHQ-A item 9)
        // says Negative or Missing, so a missing item 9 is still reported as missing. Every item is read (its warnings).
        SafetySignal? first = null, positive = null;
        for (var i = 0; i < items.Count; i++)
        {
            var reading = new ItemReading(instrument!, items[i], byCodeOnly, issues);
            tree.Read(ref reading);
            var read = reading.Signal();
            issues = reading.Issues;
            first ??= read;
            if (positive is null && read.Status == SafetyStatus.Positive) positive = read;
        }
        var signal = positive ?? first!;
        if (status == EnteredInError)
        {
            if (signal.Status == SafetyStatus.Positive)
                (issues ??= []).Add(Warn("safety-entered-in-error",
                    $"item {signal.Item.LinkId} was answered {Fmt(signal.Ordinal!.Value)}, but the response is entered-in-error (treated as never said): no safety alert",
                    "QuestionnaireResponse.status"));
            signal = signal with { Status = SafetyStatus.EnteredInError };
        }
        return new(instrument, signal, (IReadOnlyList<ScoringIssue>?)issues ?? []);
    }

    /// <summary>What <see cref="SafetyRead"/> holds, as a value.</summary>
    internal readonly record struct Evaluation(Instrument? Instrument, SafetySignal? Signal, IReadOnlyList<ScoringIssue> Issues);

    /// <summary>
    /// The item tree the safety items are looked for in: a parsed response's items, walked in place (issue 12: no node,
    /// path or answer list per line; a path is built only when a warning names it or children are walked), or the
    /// nodes read from raw JSON.
    /// </summary>
    private readonly struct SafetyTree(IReadOnlyList<ItemInput>? items, List<SafetyItemNode>? nodes)
    {
        /// <summary>Whether any item, at any depth, carries this item code (as <see cref="HasCode(SafetyItemNode, string)"/> reads it).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool AnyHasCode(string code)
        {
            if (items is not null) return AnyHasCode(items, code);
            foreach (var node in nodes!)
                if (HasCode(node, code)) return true;
            return false;
        }

        /// <summary>Every place the item is found, in document order (an item, then its child items, then its answers' items).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Read(ref ItemReading reading)
        {
            if (items is not null)
            {
                Read(items, "QuestionnaireResponse", 0, ref reading);
                return;
            }
            foreach (var node in nodes!)
                if (reading.ByCodeOnly ? HasCode(node, reading.Item.Code!.Code) : IsItem(node, reading.Item))
                    reading.Add(new SafetyHit(node, null, node.Path, 0, node.Depth));
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Read(IReadOnlyList<ItemInput> items, string path, int depth, ref ItemReading reading)
        {
            for (var i = 0; i < items.Count; i++) // indexed: no boxed enumerator (issue 12)
            {
                var item = items[i];
                if (item.LinkId is { } linkId && (reading.ByCodeOnly ? HasCode(linkId, reading.Item.Code!.Code) : IsItem(linkId, reading.Item)))
                    reading.Add(new SafetyHit(null, item, path, i, depth));
                if (!HasChildren(item)) continue;
                var at = $"{path}.item[{i}]";
                Read(item.Items, at, depth + 1, ref reading);
                for (var a = 0; a < item.Answers.Count; a++)
                    if (item.Answers[a].Items.Count > 0) Read(item.Answers[a].Items, $"{at}.answer[{a}]", depth + 1, ref reading);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool AnyHasCode(IReadOnlyList<ItemInput> items, string code)
        {
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                if (item.LinkId is { } linkId && HasCode(linkId, code)) return true;
                if (AnyHasCode(item.Items, code)) return true;
                for (var a = 0; a < item.Answers.Count; a++)
                    if (AnyHasCode(item.Answers[a].Items, code)) return true;
            }
            return false;
        }
    }

    /// <summary>
    /// One place a safety item was found: a parsed item (its path built from <c>parent</c> and <c>index</c> only when
    /// a warning names it: issue 12) or a node read from raw JSON (paths and kinds as the JSON wrote them).
    /// </summary>
    private readonly struct SafetyHit(SafetyItemNode? node, ItemInput? item, string parent, int index, int depth)
    {
        public int Depth => depth;

        public string Path => node?.Path ?? $"{parent}.item[{index}]";

        public int AnswerCount => node?.Answers.Count ?? item!.Answers.Count;

        public AnswerValue? Value(int n) => node is not null ? node.Answers[n].Value : item!.Answers[n].Value;

        public string AnswerPath(int n) => node is not null ? node.Answers[n].Path : $"{Path}.answer[{n}]";

        public string Kind(int n) => node is not null ? node.Answers[n].Kind : "value" + Capitalise(item!.Answers[n].Value?.TypeName ?? "(none)");
    }

    /// <summary>
    /// One safety item's reading, hit by hit: the highest of its answers, or Missing when none can be read. Holds no
    /// list unless the item was answered more than once (issue 12).
    /// </summary>
    private struct ItemReading(Instrument instrument, InstrumentItem item, bool byCodeOnly, List<ScoringIssue>? issues)
    {
        public List<ScoringIssue>? Issues = issues;
        private int _answered;
        private int _read;
        private decimal _best;
        private string? _bestDisplay;
        private decimal _firstOrdinal;
        private List<decimal>? _ordinals; // every reading in order, made at the second one (for the repeated warning)
        private bool _hit;
        private SafetyHit _firstHit;

        public readonly InstrumentItem Item => item;

        public readonly bool ByCodeOnly => byCodeOnly;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(in SafetyHit hit)
        {
            if (!_hit) (_firstHit, _hit) = (hit, true);
            if (hit.Depth > 0)
            {
                var path = hit.Path;
                Raise(Warn("safety-item-nested", $"item {item.LinkId} was found nested at {path}; it was read there for safety", path));
            }
            for (var n = 0; n < hit.AnswerCount; n++)
            {
                _answered++;
                var value = hit.Value(n);
                var reading = value is null ? null : ReadAnswer(instrument, item, value);
                if (reading is not { } r)
                {
                    Raise(Warn("safety-answer-unreadable",
                        $"item {item.LinkId} has an answer ({hit.Kind(n)}) that matches none of its answers: review it by hand", hit.AnswerPath(n)));
                    continue;
                }
                if (r.How is not null)
                    Raise(Warn("safety-read-leniently", $"item {item.LinkId} was answered as {hit.Kind(n)} {r.How}; read as {Fmt(r.Ordinal)} for safety", hit.AnswerPath(n)));
                Record(r.Ordinal, r.Display);
            }
        }

        /// <summary>The highest reading (the first of equals), or Missing when none could be read; warns when answered more than once.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public SafetySignal Signal()
        {
            if (_answered > 1)
            {
                var readings = _read switch { 0 => "", 1 => Fmt(_firstOrdinal), _ => string.Join(", ", _ordinals!.Select(Fmt)) };
                Raise(Warn("safety-item-repeated",
                    $"item {item.LinkId} has {_answered} answers ({readings}); the highest counts for safety",
                    _firstHit.Path));
            }
            if (_read == 0) return new SafetySignal(SafetyStatus.Missing, item, null, null);
            return new SafetySignal(_best >= item.Safety!.MinOrdinal ? SafetyStatus.Positive : SafetyStatus.Negative, item, _best, _bestDisplay);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Record(decimal ordinal, string? display)
        {
            if (_read == 0) (_best, _bestDisplay, _firstOrdinal) = (ordinal, display, ordinal);
            else
            {
                (_ordinals ??= [_firstOrdinal]).Add(ordinal);
                if (ordinal > _best) (_best, _bestDisplay) = (ordinal, display);
            }
            _read++;
        }

        private void Raise(ScoringIssue issue) => (Issues ??= []).Add(issue);
    }

    /// <summary>An answer's ordinal and display; <c>How</c> says what was unusual about reading it (null: nothing).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (decimal Ordinal, string? Display, string? How)? ReadAnswer(Instrument instrument, InstrumentItem item, AnswerValue value)
    {
        switch (value)
        {
            case { IsCoding: true } coding when item.Kind == ItemKind.Coded:
                var (ordinal, display, _) = AnswerResolver.ResolveCoding(instrument, item, coding, "");
                if (ordinal is not null) return (ordinal.Value, display, null);
                return ByDisplay(item, coding.Display) is { } byCodingDisplay
                    ? (byCodingDisplay.Ordinal, byCodingDisplay.Coding.Display, $"with a code not in its answer list but the display '{byCodingDisplay.Coding.Display}'")
                    : null;
            case { IsNumber: true }:
                if (value.Number is not { } n || !item.AllowsOrdinal(n)) return null;
                if (item.Kind == ItemKind.Numeric) return (n, null, null);
                return (n, OptionOf(item, n).Coding.Display, Fmt(n));
            case { TypeName: "string" } text when item.Kind == ItemKind.Coded:
                return ByDisplay(item, text.Text) is { } option
                    ? (option.Ordinal, option.Coding.Display, $"matching the answer '{option.Coding.Display}'")
                    : null;
            default:
                return null;
        }
    }

    /// <summary>The answer with this ordinal (one there is: AllowsOrdinal said so); a loop, as a lambda would capture per call (issue 12).</summary>
    private static AnswerOption OptionOf(InstrumentItem item, decimal ordinal)
    {
        for (var i = 0; i < item.AnswerOptions.Count; i++)
            if (item.AnswerOptions[i].Ordinal == ordinal) return item.AnswerOptions[i];
        throw new InvalidOperationException("no answer option with this ordinal");
    }

    /// <summary>The answer whose display equals <paramref name="text"/>, trimmed and ignoring case; null unless exactly one does.</summary>
    private static AnswerOption? ByDisplay(InstrumentItem item, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var matches = item.AnswerOptions.Where(a => string.Equals(a.Coding.Display?.Trim(), text.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsItem(SafetyItemNode node, InstrumentItem item) =>
        node.LinkId == item.LinkId || (item.Code is not null && HasCode(node, item.Code.Code));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsItem(string linkId, InstrumentItem item) =>
        linkId == item.LinkId || (item.Code is not null && HasCode(linkId, item.Code.Code));

    /// <summary>An item code on the node, or a linkId that is the code or ends in "/code" (LHC-Forms: "/44260-8").</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool HasCode(SafetyItemNode node, string code) =>
        node.Codes.Contains(code, StringComparer.Ordinal) || (node.LinkId is { } linkId && HasCode(linkId, code));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool HasCode(string linkId, string code) =>
        linkId.EndsWith(code, StringComparison.Ordinal) && (linkId.Length == code.Length || linkId[linkId.Length - code.Length - 1] == '/');

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool HasChildren(ItemInput item)
    {
        if (item.Items.Count > 0) return true;
        for (var a = 0; a < item.Answers.Count; a++)
            if (item.Answers[a].Items.Count > 0) return true;
        return false;
    }

    private static void Walk(JsonElement items, string path, int depth, List<SafetyItemNode> into)
    {
        if (items.ValueKind != JsonValueKind.Array) return;
        var i = 0;
        foreach (var item in items.EnumerateArray())
        {
            var at = $"{path}.item[{i++}]";
            if (item.ValueKind != JsonValueKind.Object) continue;
            var codes = item.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Array
                ? code.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.Object ? Text(c, "code") : null).OfType<string>().ToList()
                : [];
            var answers = new List<(AnswerValue?, string, string)>();
            var children = new List<(JsonElement Items, string Path)>();
            if (item.TryGetProperty("answer", out var answerArray) && answerArray.ValueKind == JsonValueKind.Array)
            {
                var a = 0;
                foreach (var answer in answerArray.EnumerateArray())
                {
                    var answerPath = $"{at}.answer[{a++}]";
                    if (answer.ValueKind != JsonValueKind.Object) continue;
                    foreach (var property in answer.EnumerateObject())
                        if (property.Name.StartsWith("value", StringComparison.Ordinal))
                            answers.Add((Value(property.Name, property.Value), answerPath, property.Name));
                    if (answer.TryGetProperty("item", out var nested)) children.Add((nested, answerPath));
                }
            }
            into.Add(new SafetyItemNode(Text(item, "linkId"), codes, at, depth, answers));
            if (item.TryGetProperty("item", out var childItems)) Walk(childItems, at, depth + 1, into);
            foreach (var (nested, answerPath) in children) Walk(nested, answerPath, depth + 1, into);
        }
    }

    /// <summary>A value[x] from JSON as scoring reads it; null when it cannot be read.</summary>
    private static AnswerValue? Value(string name, JsonElement value)
    {
        switch (name)
        {
            case "valueCoding" when value.ValueKind == JsonValueKind.Object:
                decimal? carried = null;
                if (value.TryGetProperty("extension", out var extensions) && extensions.ValueKind == JsonValueKind.Array)
                    foreach (var extension in extensions.EnumerateArray())
                        if (extension.ValueKind == JsonValueKind.Object && Text(extension, "url") == CanonicalUrls.OrdinalValue
                            && extension.TryGetProperty("valueDecimal", out var ordinal) && ordinal.ValueKind == JsonValueKind.Number)
                            carried = ordinal.GetDecimal(); // SetExtension kept the last one
                return new AnswerValue("Coding", Text(value, "system"), Text(value, "code"), Text(value, "display"), CarriedOrdinal: carried);
            case "valueInteger" or "valueDecimal":
                decimal? number = value.ValueKind switch
                {
                    JsonValueKind.Number when value.TryGetDecimal(out var d) => d,
                    JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
                    _ => null,
                };
                if (number is null) return null;
                return name == "valueInteger" && number == decimal.Truncate(number.Value) && number is >= int.MinValue and <= int.MaxValue
                    ? new AnswerValue("integer", Number: (int)number.Value) : new AnswerValue("decimal", Number: number);
            case "valueString" when value.ValueKind == JsonValueKind.String:
                return new AnswerValue("string", Text: value.GetString());
            default:
                return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Reference(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? Text(value, "reference") : null;

    private static DateTimeOffset? Authored(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        try
        {
            return new FhirDateTime(text).ToDateTimeOffset(TimeSpan.Zero);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or Hl7.Fhir.Validation.CodedValidationException)
        {
            return null;
        }
    }

    private static string Capitalise(string typeName) => typeName.Length == 0 ? typeName : char.ToUpperInvariant(typeName[0]) + typeName[1..];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string Fmt(decimal d) => d.ToString("0.#", CultureInfo.InvariantCulture);

    private static ScoringIssue Warn(string code, string message, string location) => new(IssueSeverity.Warning, code, message, location);
}
