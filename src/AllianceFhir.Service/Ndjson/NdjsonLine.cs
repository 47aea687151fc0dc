namespace AllianceFhir.Service.Ndjson;

/// <summary>One non-empty line of an ndjson file, with where it came from (1-based line number).</summary>
public readonly record struct NdjsonLine(string File, long LineNumber, string Text);
