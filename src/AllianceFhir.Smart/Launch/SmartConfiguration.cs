using System.Text.Json.Serialization;

namespace AllianceFhir.Smart.Launch;

/// <summary>The members of <c>{iss}/.well-known/smart-configuration</c> the launch uses (SMART App Launch 2.2 §2.4).</summary>
internal sealed record SmartConfiguration
{
    [JsonPropertyName("issuer")]
    public string? Issuer { get; init; }

    [JsonPropertyName("jwks_uri")]
    public string? JwksUri { get; init; }

    [JsonPropertyName("authorization_endpoint")]
    public string? AuthorizationEndpoint { get; init; }

    [JsonPropertyName("token_endpoint")]
    public string? TokenEndpoint { get; init; }

    /// <summary>RFC 7009 token revocation (SMART App Launch 2.2 lists it among the optional fields).</summary>
    [JsonPropertyName("revocation_endpoint")]
    public string? RevocationEndpoint { get; init; }

    [JsonPropertyName("code_challenge_methods_supported")]
    public IReadOnlyList<string>? CodeChallengeMethodsSupported { get; init; }

    [JsonPropertyName("capabilities")]
    public IReadOnlyList<string>? Capabilities { get; init; }
}
