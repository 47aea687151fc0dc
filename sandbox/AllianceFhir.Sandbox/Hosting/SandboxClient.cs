using System.ComponentModel.DataAnnotations;

namespace AllianceFhir.Sandbox;

/// <summary>A client registration (configuration <c>Sandbox:Clients:N</c>, or <see cref="SandboxHost.RegisterClientAsync"/>).</summary>
public sealed record SandboxClient
{
    public string ClientId { get; init; } = "";

    public SandboxClientType Type { get; init; } = SandboxClientType.Public;

    /// <summary>Symmetric clients only.</summary>
    public string? ClientSecret { get; init; }

    /// <summary>Exact redirect URIs (authorization code clients).</summary>
    public string[] RedirectUris { get; init; } = [];

    /// <summary>The client's public keys as JWKS JSON text (PrivateKeyJwt and Backend clients).</summary>
    public string? JsonWebKeySet { get; init; }

    /// <summary>Overrides the access token lifetime (default one hour), e.g. to test expiry.</summary>
    public TimeSpan? AccessTokenLifetime { get; init; }

    internal void Validate()
    {
        string Where() => $"Sandbox client '{ClientId}'";
        if (string.IsNullOrWhiteSpace(ClientId)) throw new ValidationException("A sandbox client has no ClientId.");
        if (Type == SandboxClientType.Symmetric && string.IsNullOrEmpty(ClientSecret))
            throw new ValidationException($"{Where()} is Symmetric but has no ClientSecret.");
        if (Type is SandboxClientType.PrivateKeyJwt or SandboxClientType.Backend && string.IsNullOrWhiteSpace(JsonWebKeySet))
            throw new ValidationException($"{Where()} is {Type} but has no JsonWebKeySet.");
        if (Type != SandboxClientType.Backend && RedirectUris.Length == 0)
            throw new ValidationException($"{Where()} has no RedirectUris.");
        foreach (var uri in RedirectUris)
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out _)) throw new ValidationException($"{Where()}: redirect URI '{uri}' is not absolute.");
        }
    }
}
