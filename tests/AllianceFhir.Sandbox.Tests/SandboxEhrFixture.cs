using AllianceFhir.Testing.Sandbox;

namespace AllianceFhir.Sandbox.Tests;

/// <summary>One sandbox for the test classes, with the clients the tests play (redirect URIs are never visited).</summary>
public sealed class SandboxEhrFixture : SandboxFixture
{
    public const string RedirectUri = "http://127.0.0.1:9/signin-smart";
    public const string PublicClient = "test-public";
    public const string SymmetricClient = "test-symmetric";
    public const string Secret = "test-only-secret";
    public const string JwtClient = "test-jwt";
    public const string BackendClient = "test-backend";
    public const string ShortLivedClient = "test-short-lived";
    public const string EllipticBackendClient = "test-backend-ec";

    internal TestKeys JwtKeys { get; } = new("test-jwt-1");

    internal TestKeys BackendKeys { get; } = new("test-backend-1");

    internal TestKeys OtherKeys { get; } = new("test-backend-1"); // same kid, different key: a stolen client id

    internal TestKeys EllipticKeys { get; } = new("test-backend-ec-1", elliptic: true);

    protected override async Task OnStartedAsync(SandboxHost sandbox)
    {
        await sandbox.RegisterClientAsync(new SandboxClient { ClientId = PublicClient, RedirectUris = [RedirectUri] });
        await sandbox.RegisterClientAsync(new SandboxClient { ClientId = SymmetricClient, Type = SandboxClientType.Symmetric, ClientSecret = Secret, RedirectUris = [RedirectUri] });
        await sandbox.RegisterClientAsync(new SandboxClient { ClientId = JwtClient, Type = SandboxClientType.PrivateKeyJwt, JsonWebKeySet = JwtKeys.PublicJwks(), RedirectUris = [RedirectUri] });
        await sandbox.RegisterClientAsync(new SandboxClient { ClientId = BackendClient, Type = SandboxClientType.Backend, JsonWebKeySet = BackendKeys.PublicJwks() });
        await sandbox.RegisterClientAsync(new SandboxClient { ClientId = EllipticBackendClient, Type = SandboxClientType.Backend, JsonWebKeySet = EllipticKeys.PublicJwks() });
        await sandbox.RegisterClientAsync(new SandboxClient { ClientId = ShortLivedClient, RedirectUris = [RedirectUri], AccessTokenLifetime = TimeSpan.FromSeconds(3) }); // long enough for a first request on a loaded machine
    }
}
