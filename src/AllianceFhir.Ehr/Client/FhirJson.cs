using System.Globalization;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Ehr.Client;

/// <summary>Parsing and formatting shared by the search, capability and Bulk Data clients.</summary>
internal static class FhirJson
{
    public const string MediaType = "application/fhir+json";
    public const string NdjsonMediaType = "application/fhir+ndjson";

    public static FhirJsonDeserializer Deserializer(DeserializationMode mode) =>
        new(new DeserializerSettings().UsingMode(mode));

    /// <summary>Parses one resource; on failure returns null and the parser's reasons.</summary>
    public static Resource? TryParse(FhirJsonDeserializer deserializer, string json, out string? error)
    {
        try
        {
            if (deserializer.TryDeserializeResource(json, out var resource, out var issues))
            {
                error = null;
                return resource;
            }
            error = string.Join("; ", issues.Select(x => x.Message).Take(5));
            return null;
        }
        catch (JsonException e)
        {
            error = "not JSON: " + e.Message;
            return null;
        }
    }

    /// <summary>A FHIR instant in UTC with a Z, so it needs no '+' in a query string.</summary>
    public static string Instant(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The issues of an OperationOutcome body, as one line; null when the body is not one.</summary>
    public static string? OperationOutcomeText(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("resourceType", out var type) || type.GetString() != "OperationOutcome"
                || !root.TryGetProperty("issue", out var issues) || issues.ValueKind != JsonValueKind.Array)
                return null;
            var texts = issues.EnumerateArray().Select(IssueText).Where(t => t.Length > 0).ToList();
            var text = string.Join("; ", texts);
            return text.Length > 1000 ? text[..1000] + "…" : text;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string IssueText(JsonElement issue)
    {
        var parts = new List<string>();
        if (issue.TryGetProperty("severity", out var s) && s.ValueKind == JsonValueKind.String) parts.Add(s.GetString()!);
        if (issue.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String) parts.Add(c.GetString()!);
        if (issue.TryGetProperty("details", out var d) && d.TryGetProperty("text", out var dt) && dt.ValueKind == JsonValueKind.String)
            parts.Add(dt.GetString()!);
        if (issue.TryGetProperty("diagnostics", out var diag) && diag.ValueKind == JsonValueKind.String) parts.Add(diag.GetString()!);
        return string.Join(" ", parts);
    }

    /// <summary>Reads an error response into an exception naming the URL and the OperationOutcome.</summary>
    public static async Task<EhrResponseException> ErrorAsync(string message, HttpResponseMessage response, CancellationToken ct)
    {
        string? body = null;
        try
        {
            body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
        }
        return new EhrResponseException(message, LogSafe.Url(response.RequestMessage?.RequestUri), response.StatusCode, OperationOutcomeText(body));
    }

    /// <summary>A <see cref="MalformedEntry"/> for JSON that did not parse, with the type and id it claimed if readable.</summary>
    public static MalformedEntry Malformed(string source, string json, string reason)
    {
        string? type = null, id = null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (doc.RootElement.TryGetProperty("resourceType", out var t) && t.ValueKind == JsonValueKind.String) type = t.GetString();
                if (doc.RootElement.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String) id = i.GetString();
            }
        }
        catch (JsonException)
        {
        }
        return new MalformedEntry(source, type, id, reason, json);
    }

    /// <summary>{base}/{relative}, whether or not the base ends with a slash.</summary>
    public static Uri Combine(Uri baseUrl, string relative) => new(baseUrl.AbsoluteUri.TrimEnd('/') + "/" + relative.TrimStart('/'));

    /// <summary>A query string from parameters that may repeat (FHIR AND-joins repeated parameters).</summary>
    public static string Query(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join("&", parameters.Select(p => Uri.EscapeDataString(p.Key).Replace("%3A", ":", StringComparison.Ordinal) + "=" + Uri.EscapeDataString(p.Value)));
}
