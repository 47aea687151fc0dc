using System.Text;
using AllianceFhir.Core.Scoring.Input;

namespace AllianceFhir.Service.Ndjson;

/// <summary>
/// Reads a line's resourceType first, so types we ignore cost one JSON scan, then parses the types we need
/// strictly with Firely: invalid FHIR is reported, never silently repaired (Recoverable mode would drop errors).
/// The parse itself is Core's <see cref="StrictResourceParser"/>, the one every path falls back to (issue 12).
/// A UTF-8 byte-order mark at the start of a line (files concatenated from several exports) is skipped with a warning.
/// </summary>
public sealed class ResourceLineParser(IReadOnlySet<string> typesToParse)
{
    public const string ByteOrderMarkWarning = ResponseReader.ByteOrderMarkWarning;

    public ParsedLine Parse(string line)
    {
        if (line.Length > 0 && line[0] == '\uFEFF') return Parse(line[1..]) with { Warning = ByteOrderMarkWarning };
        var parsed = StrictResourceParser.Parse(Encoding.UTF8.GetBytes(line), typesToParse.Contains);
        return new ParsedLine(parsed.ResourceType, parsed.Resource, parsed.Rejection?.Message) { Rejection = parsed.Rejection };
    }
}
