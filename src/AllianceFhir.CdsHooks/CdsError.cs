using System.Text.Json.Serialization;

namespace AllianceFhir.CdsHooks;

/// <summary>The JSON body of a refused CDS Hooks call (400, 401, 404, 412): an error code and what to fix, no patient data.</summary>
public sealed record CdsError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);
