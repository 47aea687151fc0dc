using System.Security.Cryptography;
using System.Text.Json;
using AllianceFhir.Sandbox;
using AllianceFhir.Smart.Launch;
using AllianceFhir.Testing.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.Smart.Tests.Support;

/// <summary>One sandbox EHR (real OpenIddict server, FHIR proxy, Node FHIR server with samples/cohort) for the SMART app's protocol tests.</summary>
public sealed class SmartSandbox : SandboxFixture
{
    public const string Patient = "pat-0001";
    public const string OtherPatient = "pat-0002";
    public const string Practitioner = "prac-north-1";
    public const string Secret = "test-only-secret";

    private int _apps;

    /// <summary>
    /// Starts the SMART app allowing this sandbox as its one EHR, registers its client at the sandbox with the app's real
    /// redirect URI, and records the tokens the app received (server side, for the leak checks).
    /// </summary>
    public async Task<AppUnderTest> StartAppAsync(
        SandboxClientType type = SandboxClientType.Symmetric,
        TimeSpan? accessTokenLifetime = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<WebApplication>? map = null)
    {
        // A fresh client per app: each app listens on its own port, so its redirect URI is its own registration.
        var clientId = type switch
        {
            SandboxClientType.Public => "alliancefhir-smart-public",
            SandboxClientType.PrivateKeyJwt => "alliancefhir-smart-jwt",
            _ => "alliancefhir-smart",
        } + "-" + Interlocked.Increment(ref _apps);
        var all = new Dictionary<string, string?>
        {
            ["Smart:Ehrs:0:Iss"] = FhirBaseUrl,
            ["Smart:Ehrs:0:ClientId"] = clientId,
            ["Smart:Ehrs:0:ClientType"] = type.ToString(),
            ["Smart:FrameAncestors"] = "'self' " + BaseUrl,
        };
        string? jwks = null;
        if (type == SandboxClientType.Symmetric) all["Smart:Ehrs:0:ClientSecret"] = Secret;
        if (type == SandboxClientType.PrivateKeyJwt)
        {
            using var rsa = RSA.Create(2048);
            var path = Path.Combine(Path.GetTempPath(), $"smart-test-{Guid.NewGuid():n}.pem");
            await File.WriteAllTextAsync(path, rsa.ExportPkcs8PrivateKeyPem());
            all["Smart:Ehrs:0:PrivateKeyPath"] = path;
            all["Smart:Ehrs:0:KeyId"] = "smart-test-key";
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = "smart-test-key" });
            jwks = JsonSerializer.Serialize(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS384", n = jwk.N, e = jwk.E } } });
        }
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;

        var app = await RunningSmartApp.StartAsync(all, map);
        var seen = new List<string>();
        var oauth = app.App.Services.GetRequiredService<IOptionsMonitor<SmartAuthenticationOptions>>().Get(SmartAuthenticationDefaults.Scheme);
        oauth.Events.OnCreatingTicket = context =>
        {
            var response = context.TokenResponse.Response!.RootElement;
            foreach (var name in new[] { "access_token", "refresh_token", "id_token" })
                if (response.TryGetProperty(name, out var t) && t.GetString() is { Length: > 0 } token) lock (seen) seen.Add(token);
            return Task.CompletedTask;
        };
        await Sandbox.RegisterClientAsync(new SandboxClient
        {
            ClientId = clientId,
            Type = type,
            ClientSecret = type == SandboxClientType.Symmetric ? Secret : null,
            JsonWebKeySet = jwks,
            RedirectUris = [app.RedirectUri],
            AccessTokenLifetime = accessTokenLifetime,
        });
        return new AppUnderTest(this, app, clientId, seen);
    }
}

[CollectionDefinition(Name)]
public sealed class SmartSandboxCollection : ICollectionFixture<SmartSandbox>
{
    public const string Name = "smart-sandbox";
}
