using System.Text.Json;
using System.Text.Json.Serialization;

namespace AllianceFhir.CdsHooks;

/// <summary>A CDS Hooks 2.0 service call (HTTP request body).</summary>
public sealed class CdsServiceRequest
{
    public string? Hook { get; init; }

    public string? HookInstance { get; init; }

    public string? FhirServer { get; init; }

    public FhirAuthorization? FhirAuthorization { get; init; }

    public JsonElement? Context { get; init; }

    /// <summary>Prefetch key → FHIR resource (often a searchset Bundle); a null value means the client has no data for it.</summary>
    public Dictionary<string, JsonElement>? Prefetch { get; init; }
}

/// <summary>The OAuth token the client hands over so the service may read its FHIR server (CDS Hooks 2.0 uses OAuth's snake_case names).</summary>
public sealed class FhirAuthorization
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; init; }

    [JsonPropertyName("expires_in")]
    public long? ExpiresIn { get; init; }

    public string? Scope { get; init; }

    public string? Subject { get; init; }
}
