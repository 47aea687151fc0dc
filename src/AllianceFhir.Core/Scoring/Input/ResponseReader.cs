using System.Text;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Scoring.Input;

/// <summary>
/// The one way every path reads a QuestionnaireResponse (issue 12: <c>score</c>, the nightly batch, the app's
/// dashboard and CDS Hooks): UTF-8 bytes in, Core's <see cref="ResponseInput"/> or the reason it was refused out.
/// <see cref="ResponseInputReader"/> first (no Firely); any response it declines goes through
/// <see cref="StrictResourceParser"/>, exactly as the <c>score</c> command's lines do, so a response is read, and
/// refused, the same way wherever it comes from. Score the result with <see cref="ResponseRead.Score"/>.
/// </summary>
public static class ResponseReader
{
    public const string ResourceType = "QuestionnaireResponse";

    /// <summary>The warning for a UTF-8 byte-order mark before the JSON (files concatenated from several exports).</summary>
    public const string ByteOrderMarkWarning = "the line starts with a UTF-8 byte-order mark; it was ignored";

    private static readonly ScoringIssue ByteOrderMark = new(IssueSeverity.Warning, "byte-order-mark", ByteOrderMarkWarning, "");

    /// <summary>Reads one response's JSON (a line, an inbox row, a search entry's raw bytes).</summary>
    public static ResponseRead Read(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith(Encoding.UTF8.Preamble))
        {
            var read = Read(utf8[Encoding.UTF8.Preamble.Length..]);
            return read with { Warnings = [ByteOrderMark, .. read.Warnings] };
        }
        if (ResponseInputReader.TryRead(utf8) is { } fast) return new ResponseRead(fast, null, null, []);

        var parsed = StrictResourceParser.Parse(utf8, static type => type == ResourceType);
        if (parsed.Rejection is { } rejection)
            // A response that does not parse keeps its JSON: its safety item is still read from it (docs/adr/0001).
            return new ResponseRead(null, rejection, parsed.ResourceType == ResourceType ? Encoding.UTF8.GetString(utf8) : null, []);
        if (parsed.Resource is not QuestionnaireResponse response)
            return new ResponseRead(null, new ScoringIssue(IssueSeverity.Error, "not-a-response",
                $"resourceType '{Printable(parsed.ResourceType)}' is not a QuestionnaireResponse", "resourceType"), null, []);
        try
        {
            return new ResponseRead(ResponseInput.From(response), null, null, []);
        }
        catch (Exception e) when (e is Hl7.Fhir.Validation.CodedValidationException or FormatException or InvalidOperationException or ArgumentException)
        {
            // A value the strict parse kept but Core cannot convert (an authored it cannot place in time).
            return new ResponseRead(null, new ScoringIssue(IssueSeverity.Error, "invalid-resource", $"invalid {ResourceType}: {e.Message}", ResourceType),
                Encoding.UTF8.GetString(utf8), []);
        }
    }

    /// <summary>A resourceType as shown in an issue: at most 64 characters, control characters replaced.</summary>
    private static string Printable(string? type) => type is null ? "" : new(type.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
