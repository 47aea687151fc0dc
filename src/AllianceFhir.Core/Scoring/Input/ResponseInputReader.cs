using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using AllianceFhir.Core.Resources;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Scoring.Input;

/// <summary>
/// The hot path's reader (issue 12): one <see cref="Utf8JsonReader"/> pass over a line's UTF-8 bytes into
/// <see cref="ResponseInput"/>, without Firely. It reads only the shape a form filler writes (LHC-Forms, the SMART
/// app, the cohort): resourceType, id, meta (versionId, lastUpdated), questionnaire, status, subject and author
/// (reference only), authored, and items (linkId, text, answers as valueCoding without extensions, valueInteger or
/// valueDecimal, nested items). Every value it accepts is checked against the FHIR R4 rule Firely's strict parse
/// applies to it (id, code, uri, dateTime and instant patterns; no empty string, array or object; an integer within
/// 32 bits); anything else, or anything it does not know, returns null and the caller takes the strict Firely path,
/// which reports it exactly as before. So strict checking stays strict: this reader never accepts a line Firely would
/// refuse (test: ResponseInputReaderTests), it only declines lines it cannot vouch for.
/// </summary>
public static partial class ResponseInputReader
{
    /// <summary>Deeper item trees than this go to the strict path (a form filler writes two or three levels).</summary>
    private const int MaxItemDepth = 16;

    /// <summary>The reader's JSON nesting limit: deeper lines go to the strict path.</summary>
    private const int MaxJsonDepth = 64;

    /// <summary>Room for a PHQ-9 on a LOINC form (nine items, difficulty, total) without growing the list.</summary>
    private const int TopLevelItems = 12;

    /// <summary>Values up to this many UTF-8 bytes are checked and shared without a string of their own first.</summary>
    private const int StackChars = StringCache.MaxLength;

    [ThreadStatic]
    private static List<ItemInput>? _topLevel;

    private static readonly string[] Statuses = ["in-progress", "completed", "amended", "entered-in-error", "stopped"];

    /// <summary>The response read from <paramref name="line"/>, or null when the strict path must read it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ResponseInput? TryRead(ReadOnlySpan<byte> line)
    {
        try
        {
            var rest = line; // what the reader reads: the rest of the line once a kept item was jumped (ReadItems)
            var reader = new Utf8JsonReader(rest, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = MaxJsonDepth });
            var response = ReadResponse(ref reader, ref rest);
            if (response is null || reader.Read()) return null; // trailing content: the strict path says what it is
            return response;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            return null;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ResponseInput? ReadResponse(ref Utf8JsonReader reader, ref ReadOnlySpan<byte> line)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        string? type = null, id = null, questionnaire = null, status = null, subject = null, author = null, versionId = null;
        DateTimeOffset? authored = null, lastUpdated = null;
        IReadOnlyList<ItemInput>? items = null;
        var seen = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject) break;
            int bit;
            if (reader.ValueTextEquals("resourceType"u8)) { bit = 1; type = Shared(ref reader); }
            else if (reader.ValueTextEquals("id"u8)) { bit = 2; id = String(ref reader); if (id is null || !IsFhirId(id)) return null; }
            else if (reader.ValueTextEquals("questionnaire"u8)) { bit = 4; questionnaire = Shared(ref reader, uri: true); if (questionnaire is null) return null; }
            else if (reader.ValueTextEquals("status"u8)) { bit = 8; status = Shared(ref reader); if (status is null || Array.IndexOf(Statuses, status) < 0) return null; }
            else if (reader.ValueTextEquals("subject"u8)) { bit = 16; subject = Reference(ref reader, subject: true); if (subject is null) return null; }
            else if (reader.ValueTextEquals("authored"u8)) { bit = 32; authored = ReadAuthored(ref reader); if (authored is null) return null; }
            else if (reader.ValueTextEquals("author"u8)) { bit = 64; author = Reference(ref reader); if (author is null) return null; }
            else if (reader.ValueTextEquals("meta"u8))
            {
                bit = 128;
                if (!ReadMeta(ref reader, out versionId, out lastUpdated)) return null;
            }
            else if (reader.ValueTextEquals("item"u8)) { bit = 256; items = ReadItems(ref reader, 0, ref line); if (items is null) return null; }
            else return null; // an element this reader does not vouch for: the strict path reads the line
            if ((seen & bit) != 0) return null; // a repeated property
            seen |= bit;
        }
        if (type != "QuestionnaireResponse" || status is null) return null; // status is 1..1: the strict path reports its absence
        return new ResponseInput(id, questionnaire, status, subject, authored, author, versionId, lastUpdated, items ?? []);
    }

    /// <summary>
    /// <c>authored</c>: a FHIR string matching the R4 dateTime pattern, read as <see cref="Authored(ReadOnlySpan{char})"/>
    /// reads it; null when it is not one or cannot be placed in time. Checked on the characters, without a string of
    /// its own (issue 12).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static DateTimeOffset? ReadAuthored(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.String) return null;
        Span<char> buffer = stackalloc char[StackChars];
        ReadOnlySpan<char> text = reader.ValueSpan.Length > StackChars ? reader.GetString()! : buffer[..reader.CopyString(buffer)];
        if (FhirDateTimeText.TryParseToUtc(text, out var common)) return common;
        if (!IsFhirString(text) || !DateTimePattern().IsMatch(text)) return null;
        try
        {
            return Authored(text);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or Hl7.Fhir.Validation.CodedValidationException)
        {
            return null;
        }
    }

    /// <summary>
    /// <c>authored</c> as Firely's <c>FhirDateTime.ToDateTimeOffset(TimeSpan.Zero)</c> reads it (the same instant, at
    /// offset zero). The shape a form filler writes (to the second, up to 7 fraction digits, a zone) is parsed directly
    /// (issue 12: Firely's parse was a tenth of the hot path's allocations); anything else (a partial date, more
    /// fraction digits, a value .NET refuses) goes through Firely as before. Test: ResponseInputReaderTests.
    /// </summary>
    internal static DateTimeOffset Authored(string text) => Authored(text.AsSpan());

    /// <inheritdoc cref="Authored(string)"/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static DateTimeOffset Authored(ReadOnlySpan<char> text) =>
        FhirDateTimeText.TryParseToUtc(text, out var common) ? common :
        text.Length >= 20 && text[10] == 'T' &&
        DateTimeOffset.TryParseExact(text, FullDateTimeFormats, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var value)
            ? value.ToOffset(TimeSpan.Zero)
            : new FhirDateTime(text.ToString()).ToDateTimeOffset(TimeSpan.Zero);

    private static readonly string[] FullDateTimeFormats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ReadMeta(ref Utf8JsonReader reader, out string? versionId, out DateTimeOffset? lastUpdated)
    {
        versionId = null;
        lastUpdated = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        var any = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("versionId"u8) && versionId is null)
            {
                versionId = String(ref reader);
                if (versionId is null || !IsFhirId(versionId)) return false;
            }
            else if (reader.ValueTextEquals("lastUpdated"u8) && lastUpdated is null)
            {
                var text = String(ref reader);
                if (text is null || !InstantPattern().IsMatch(text)) return false;
                lastUpdated = DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            }
            else return false;
            any = true;
        }
        return any;
    }

    /// <summary>
    /// An item array. An item whose exact bytes were read before (<see cref="ItemInputCache"/>) is not read again: the
    /// kept item is taken; any other is read and checked, and kept when it is a leaf: a leaf's reading does not depend
    /// on its depth (no item arrays under it), so a hit at any depth reads what a parse there would. The first item of
    /// an array is skipped by the reader (which still checks its JSON and depth) to find its bytes; after it, a kept
    /// item's bytes are found at the item's start (<see cref="ItemInputCache.TryGetAt"/>) and the reader goes on after
    /// them, from the state the reader had after the item before (issue 12: tokenizing the items was most of reading a
    /// line). <paramref name="line"/> is what the reader reads, cut as it goes on.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static IReadOnlyList<ItemInput>? ReadItems(ref Utf8JsonReader reader, int depth, ref ReadOnlySpan<byte> line)
    {
        if (depth > MaxItemDepth || !reader.Read() || reader.TokenType != JsonTokenType.StartArray) return null;
        // The top level gathered in this thread's list and returned as an array of its size (issue 12: one allocation).
        var items = depth == 0 ? _topLevel ??= new List<ItemInput>(TopLevelItems) : new List<ItemInput>(4);
        items.Clear();
        var cache = ItemInputCache.Current;
        JsonReaderState afterItem = default;
        var hasAfterItem = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject) return null;
            var start = checked((int)reader.TokenStartIndex);
            // A kept leaf nests at most LeafJsonDepth deep: well within the reader's limit here, as it was checked.
            if (hasAfterItem && reader.CurrentDepth + ItemInputCache.LeafJsonDepth < MaxJsonDepth / 2 &&
                cache.TryGetAt(line[start..], out var jumped, out var length))
            {
                line = line[(start + length)..];
                reader = new Utf8JsonReader(line, isFinalBlock: true, afterItem);
                items.Add(jumped);
                continue;
            }
            var skipped = reader; // a copy: moved to the item's end, taken only on a hit
            skipped.Skip();
            var utf8 = line[start..checked((int)skipped.BytesConsumed)];
            if (cache.TryGet(utf8, out var kept))
            {
                reader = skipped;
                items.Add(kept);
                afterItem = reader.CurrentState;
                hasAfterItem = true;
                continue;
            }
            string? linkId = null, text = null;
            IReadOnlyList<AnswerInput>? answers = null;
            IReadOnlyList<ItemInput>? children = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.ValueTextEquals("linkId"u8) && linkId is null) { linkId = Shared(ref reader); if (linkId is null) return null; }
                else if (reader.ValueTextEquals("text"u8) && text is null) { text = Shared(ref reader); if (text is null) return null; }
                else if (reader.ValueTextEquals("answer"u8) && answers is null) { answers = ReadAnswers(ref reader, depth, ref line); if (answers is null) return null; }
                else if (reader.ValueTextEquals("item"u8) && children is null) { children = ReadItems(ref reader, depth + 1, ref line); if (children is null) return null; }
                else return null;
            }
            if (linkId is null) return null; // linkId is required (1..1): the strict path reports its absence
            var item = new ItemInput(linkId, text, (IReadOnlyList<AnswerInput>?)answers ?? [], children ?? []);
            if (children is null && !AnyNested(item.Answers)) cache.Add(utf8, item);
            items.Add(item);
            afterItem = reader.CurrentState;
            hasAfterItem = true;
        }
        return items.Count == 0 ? null : depth == 0 ? items.ToArray() : items;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AnyNested(IReadOnlyList<AnswerInput> answers)
    {
        for (var i = 0; i < answers.Count; i++)
            if (answers[i].Items.Count > 0) return true;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static IReadOnlyList<AnswerInput>? ReadAnswers(ref Utf8JsonReader reader, int depth, ref ReadOnlySpan<byte> line)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return null;
        List<AnswerInput>? answers = null;
        AnswerInput[]? only = null; // one coded answer without children, as a form filler writes: shared (CodingAnswerCache)
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject) return null;
            AnswerValue? value = null;
            AnswerInput[]? coded = null;
            IReadOnlyList<ItemInput>? children = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.ValueTextEquals("item"u8) && children is null) { children = ReadItems(ref reader, depth + 1, ref line); if (children is null) return null; continue; }
                if (value is not null) return null; // value[x] is 0..1
                if (reader.ValueTextEquals("valueCoding"u8)) value = (coded = ReadCoding(ref reader))?[0].Value;
                else if (reader.ValueTextEquals("valueInteger"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var i)) return null;
                    value = new AnswerValue("integer", Number: i);
                }
                else if (reader.ValueTextEquals("valueDecimal"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.Number || reader.ValueSpan.IndexOfAny("eE"u8) >= 0 || !reader.TryGetDecimal(out var d)) return null;
                    value = new AnswerValue("decimal", Number: d);
                }
                else return null;
                if (value is null) return null;
            }
            if (value is null && children is null) return null; // an empty answer object
            if (coded is not null && children is null && answers is null && only is null)
            {
                only = coded;
                continue;
            }
            answers ??= new List<AnswerInput>(2);
            if (only is not null)
            {
                answers.Add(only[0]);
                only = null;
            }
            answers.Add(coded is not null && children is null ? coded[0] : new AnswerInput(value, children ?? []));
        }
        return (IReadOnlyList<AnswerInput>?)only ?? (answers is { Count: > 0 } ? answers : null);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static AnswerInput[]? ReadCoding(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        string? system = null, code = null, display = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("system"u8) && system is null) { system = Shared(ref reader, uri: true); if (system is null) return null; }
            else if (reader.ValueTextEquals("code"u8) && code is null) { code = Shared(ref reader, code: true); if (code is null) return null; }
            else if (reader.ValueTextEquals("display"u8) && display is null) { display = Shared(ref reader); if (display is null) return null; }
            else return null; // version, userSelected, extensions (ordinalValue): the strict path
        }
        return system is null && code is null && display is null ? null : CodingAnswerCache.Current.Get(system, code, display);
    }

    /// <summary>{"reference": "..."} and nothing else; null otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? Reference(ref Utf8JsonReader reader, bool subject = false)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("reference"u8)) return null;
        var value = subject ? Subject(ref reader) : String(ref reader);
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndObject) return null;
        return value;
    }

    /// <summary>The last subject reference this thread read: its unescaped UTF-8 bytes and the string read from them.</summary>
    [ThreadStatic]
    private static (byte[] Utf8, string Value)? _lastSubject;

    /// <summary>
    /// As <see cref="String"/> for the subject's reference. An export lists a patient's responses together, so the
    /// last one read is kept (one, not a cache of patients) and the same bytes again are the same string (issue 12).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? Subject(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.String) return null;
        if (!reader.ValueIsEscaped && _lastSubject is { } last && reader.ValueSpan.SequenceEqual(last.Utf8)) return last.Value;
        var value = reader.GetString();
        if (value is null || !IsFhirString(value)) return null;
        if (!reader.ValueIsEscaped && reader.ValueSpan.Length <= StackChars) _lastSubject = (reader.ValueSpan.ToArray(), value);
        return value;
    }

    /// <summary>
    /// As <see cref="String"/> (and, with <paramref name="uri"/>, a uri or canonical: FHIR R4 uri \S*; with
    /// <paramref name="code"/>, the R4 code pattern) for the values a form repeats on every line: checked on the
    /// characters and taken from <see cref="StringCache"/>, so the same resourceType, questionnaire, status, linkId,
    /// text, system, code or display is one string, not one per line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? Shared(ref Utf8JsonReader reader, bool uri = false, bool code = false)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.String) return null;
        if (reader.ValueSpan.Length > StackChars)
        {
            // Long: read as any string (not shared), with the same checks.
            var value = reader.GetString();
            return value is not null && IsFhirString(value) && (!uri || IsUri(value)) && (!code || CodePattern().IsMatch(value)) ? value : null;
        }
        Span<char> buffer = stackalloc char[StackChars];
        var chars = buffer[..reader.CopyString(buffer)];
        if (!IsFhirString(chars) || (uri && !IsUri(chars)) || (code && !CodePattern().IsMatch(chars))) return null;
        return StringCache.Current.Get(chars);
    }

    /// <summary>Not empty, no leading or trailing white space, no control characters other than tab, CR and LF.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsFhirString(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])) return false;
        foreach (var c in value)
            if (char.IsControl(c) && c is not ('\t' or '\r' or '\n')) return false;
        return true;
    }

    /// <summary>FHIR R4 uri: \S*.</summary>
    private static bool IsUri(ReadOnlySpan<char> value) => value.IndexOfAny(" \t\r\n") < 0;

    /// <summary>
    /// A FHIR string: a JSON string, not empty, without leading or trailing whitespace (R4 "[ \r\n\t\S]+"; the strict
    /// path decides what such a value means) and without control characters other than tab, CR and LF; null otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? String(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.String) return null;
        var value = reader.GetString();
        return value is not null && IsFhirString(value) ? value : null;
    }

    /// <summary>
    /// The FHIR R4 id pattern <c>[A-Za-z0-9\-\.]{1,64}</c>, checked on the characters (issue 12: the regex was 2 % of
    /// <c>score</c>'s time). Unlike a regex's <c>$</c> it refuses a final newline too, which <see cref="String"/> has
    /// already refused as trailing whitespace.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool IsFhirId(ReadOnlySpan<char> id)
    {
        if (id.Length is 0 or > 64) return false;
        foreach (var c in id)
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '.') return false;
        return true;
    }

    [GeneratedRegex(@"^[^\s]+( [^\s]+)*$")]
    private static partial Regex CodePattern();

    /// <summary>FHIR R4 dateTime, to the second or finer with a zone, or a date, year-month or year.</summary>
    [GeneratedRegex(@"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]{1,9})?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$")]
    private static partial Regex DateTimePattern();

    /// <summary>FHIR R4 instant.</summary>
    [GeneratedRegex(@"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]{1,9})?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$")]
    private static partial Regex InstantPattern();
}
