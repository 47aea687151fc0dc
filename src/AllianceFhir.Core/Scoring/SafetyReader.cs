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

    public SafetyRead Read(QuestionnaireResponse response) => Read(ResponseInput.From(response));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public SafetyRead Read(ResponseInput response)
    {
        var nodes = new List<SafetyItemNode>();
        Walk(response.Items, "QuestionnaireResponse", 0, nodes, catalogue.SafetyItems);
        return Evaluate(response.Status, response.Questionnaire, nodes);
    }

    /// <summary>
    /// Whether an item with this linkId can be a safety item for <see cref="Evaluate"/>: the linkId of one, or its code
    /// (as <see cref="HasCode"/> reads a linkId). Only such items are kept as nodes: Evaluate looks at no other
    /// (issue 12: the other items of every line cost no node, path or answer list).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool MaySignal(string? linkId, IReadOnlyList<InstrumentItem> safetyItems)
    {
        if (linkId is null) return false;
        for (var i = 0; i < safetyItems.Count; i++) // indexed: no boxed enumerator per item read (issue 12)
            if (safetyItems[i] is var item && linkId == item.LinkId || (item.Code is not null && HasCode(linkId, item.Code.Code))) return true;
        return false;
    }

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
            var read = Evaluate(Text(root, "status"), Text(root, "questionnaire"), nodes);
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
    private SafetyRead Evaluate(string? status, string? questionnaire, List<SafetyItemNode> nodes)
    {
        var issues = new List<ScoringIssue>();
        var instrument = catalogue.Resolve(questionnaire);
        // Every item that carries safety-signal is read: PHQ-9 has one (item 9); the PHQ-A adds two yes/no suicide
        // questions that GLAD-PC says must be followed up like item 9 (docs/domain.md §2, young people's pack).
        var items = instrument?.Items.Where(i => i.Safety is not null).ToList() ?? [];
        var byCodeOnly = false;
        if (items.Count == 0)
        {
            // Not a form we know with a safety item: an item carrying a safety item's code (LOINC 44260-8 means PHQ-9
            // item 9 whatever form it sits in) is still read as that item; a bare linkId "9" is not.
            foreach (var candidate in catalogue.Instruments)
            {
                var safetyItem = candidate.Items.FirstOrDefault(i => i.Safety is not null && i.Code is not null);
                if (safetyItem is null || !nodes.Any(n => HasCode(n, safetyItem.Code!.Code))) continue;
                (instrument, items, byCodeOnly) = (candidate, [safetyItem], true);
                issues.Add(Warn("safety-read-by-code",
                    $"questionnaire '{questionnaire ?? "(missing)"}' is not a {candidate.Title} form the catalogue knows; the item coded {safetyItem.Code!.Code} was read as {candidate.Title} item {safetyItem.LinkId}: review the response by hand",
                    "QuestionnaireResponse.questionnaire"));
                break;
            }
            if (items.Count == 0) return new SafetyRead(instrument, null, []);
        }

        // The first positive item raises the signal; with none positive, the first safety item (PHQ-9/PHQ-A item 9)
        // says Negative or Missing, so a missing item 9 is still reported as missing.
        var signals = items.Select(item => ReadItem(instrument!, item, nodes, byCodeOnly, issues)).ToList();
        var signal = signals.FirstOrDefault(s => s.Status == SafetyStatus.Positive) ?? signals[0];
        if (status == EnteredInError)
        {
            if (signal.Status == SafetyStatus.Positive)
                issues.Add(Warn("safety-entered-in-error",
                    $"item {signal.Item.LinkId} was answered {Fmt(signal.Ordinal!.Value)}, but the response is entered-in-error (treated as never said): no safety alert",
                    "QuestionnaireResponse.status"));
            signal = signal with { Status = SafetyStatus.EnteredInError };
        }
        return new SafetyRead(instrument, signal, issues);
    }

    /// <summary>One safety item's reading: the highest of its answers, or Missing when none can be read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SafetySignal ReadItem(Instrument instrument, InstrumentItem item, List<SafetyItemNode> nodes, bool byCodeOnly, List<ScoringIssue> issues)
    {
        var hits = nodes.Where(n => byCodeOnly ? HasCode(n, item.Code!.Code) : IsItem(n, item)).ToList();
        var readings = new List<(decimal Ordinal, string? Display)>();
        var answered = 0;
        foreach (var hit in hits)
        {
            if (hit.Depth > 0)
                issues.Add(Warn("safety-item-nested", $"item {item.LinkId} was found nested at {hit.Path}; it was read there for safety", hit.Path));
            foreach (var (value, path, kind) in hit.Answers)
            {
                answered++;
                var reading = value is null ? null : ReadAnswer(instrument, item, value);
                if (reading is not { } r)
                {
                    issues.Add(Warn("safety-answer-unreadable",
                        $"item {item.LinkId} has an answer ({kind}) that matches none of its answers: review it by hand", path));
                    continue;
                }
                if (r.How is not null)
                    issues.Add(Warn("safety-read-leniently", $"item {item.LinkId} was answered as {kind} {r.How}; read as {Fmt(r.Ordinal)} for safety", path));
                readings.Add((r.Ordinal, r.Display));
            }
        }
        if (answered > 1)
            issues.Add(Warn("safety-item-repeated",
                $"item {item.LinkId} has {answered} answers ({string.Join(", ", readings.Select(r => Fmt(r.Ordinal)))}); the highest counts for safety",
                hits[0].Path));

        if (readings.Count == 0) return new SafetySignal(SafetyStatus.Missing, item, null, null);
        var best = readings.MaxBy(r => r.Ordinal);
        return new SafetySignal(best.Ordinal >= item.Safety!.MinOrdinal ? SafetyStatus.Positive : SafetyStatus.Negative, item, best.Ordinal, best.Display);
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
                return (n, item.AnswerOptions.First(a => a.Ordinal == n).Coding.Display, Fmt(n));
            case { TypeName: "string" } text when item.Kind == ItemKind.Coded:
                return ByDisplay(item, text.Text) is { } option
                    ? (option.Ordinal, option.Coding.Display, $"matching the answer '{option.Coding.Display}'")
                    : null;
            default:
                return null;
        }
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Walk(IReadOnlyList<ItemInput> items, string path, int depth, List<SafetyItemNode> into, IReadOnlyList<InstrumentItem> safetyItems)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var keep = MaySignal(item.LinkId, safetyItems);
            if (!keep && !HasChildren(item)) continue; // nothing here for Evaluate
            var at = $"{path}.item[{i}]";
            if (keep)
                into.Add(new SafetyItemNode(item.LinkId, [], at, depth,
                    item.Answers.Select((a, n) => (a.Value, $"{at}.answer[{n}]", "value" + Capitalise(a.Value?.TypeName ?? "(none)"))).ToList()));
            Walk(item.Items, at, depth + 1, into, safetyItems);
            for (var a = 0; a < item.Answers.Count; a++) Walk(item.Answers[a].Items, $"{at}.answer[{a}]", depth + 1, into, safetyItems);
        }
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

    private static string Fmt(decimal d) => d.ToString("0.#", CultureInfo.InvariantCulture);

    private static ScoringIssue Warn(string code, string message, string location) => new(IssueSeverity.Warning, code, message, location);
}
