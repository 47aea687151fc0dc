using System.Text.Json;
using AllianceFhir.FhirServer;

namespace AllianceFhir.Service.Tests.Nightly;

/// <summary>Reads back what the service wrote, straight from the test FHIR server (following next links).</summary>
internal static class EhrQuery
{
    public static Task<List<JsonElement>> AllAsync(FhirServerProcess server, string resourceType, string query = "") =>
        server.SearchAllAsync($"{resourceType}?_count=1000{(query.Length > 0 ? "&" + query : "")}");

    public static string? Identifier(JsonElement resource, string system) =>
        resource.TryGetProperty("identifier", out var ids)
            ? ids.EnumerateArray().Where(i => i.TryGetProperty("system", out var s) && s.GetString() == system).Select(i => i.GetProperty("value").GetString()).FirstOrDefault()
            : null;

    public static string Code(JsonElement resource, string element = "code") =>
        resource.GetProperty(element).GetProperty("coding")[0].GetProperty("code").GetString()!;
}
