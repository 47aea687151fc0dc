using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.Service.Tests.CdsHooks;

/// <summary>
/// The EHR side of CDS Hooks for tests: RS384 and ES384 signing keys made with .NET crypto, their public JWKS served
/// from a real local HTTP endpoint, and a signer for the per-call JWT the specification asks for.
/// </summary>
internal sealed class CdsEhr : IAsyncDisposable
{
    public const string Issuer = "https://ehr.example.org";
    private readonly RSA _rsa = RSA.Create(3072);
    private readonly ECDsa _ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
    private WebApplication? _jwksHost;
    private int _jwksHits;

    public RsaSecurityKey RsaKey { get; }
    public ECDsaSecurityKey EcKey { get; }
    public string JwksUrl { get; private set; } = "";
    public int JwksHits => _jwksHits;

    private CdsEhr()
    {
        RsaKey = new RsaSecurityKey(_rsa) { KeyId = "rs384-1" };
        EcKey = new ECDsaSecurityKey(_ec) { KeyId = "es384-1" };
    }

    public static async Task<CdsEhr> StartAsync()
    {
        var ehr = new CdsEhr();
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var jwks = ehr.PublicJwks();
        app.MapGet("/.well-known/jwks.json", () =>
        {
            Interlocked.Increment(ref ehr._jwksHits);
            return Results.Text(jwks, "application/json");
        });
        await app.StartAsync();
        ehr._jwksHost = app;
        ehr.JwksUrl = $"http://127.0.0.1:{port}/.well-known/jwks.json";
        return ehr;
    }

    /// <summary>The public halves only, as a JWKS document.</summary>
    public string PublicJwks()
    {
        var rsa = _rsa.ExportParameters(false);
        var ec = _ec.ExportParameters(false);
        return JsonSerializer.Serialize(new
        {
            keys = new object[]
            {
                new { kty = "RSA", kid = RsaKey.KeyId, alg = "RS384", use = "sig", n = Base64UrlEncoder.Encode(rsa.Modulus), e = Base64UrlEncoder.Encode(rsa.Exponent) },
                new { kty = "EC", kid = EcKey.KeyId, alg = "ES384", use = "sig", crv = "P-384", x = Base64UrlEncoder.Encode(ec.Q.X), y = Base64UrlEncoder.Encode(ec.Q.Y) },
            },
        });
    }

    /// <summary>A CDS Hooks client JWT for <paramref name="audience"/>, RS384 unless told; <paramref name="tweak"/> edits it before signing.</summary>
    public string Token(string audience, Action<SecurityTokenDescriptor>? tweak = null, bool ecdsa = false)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = now,
            Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["jti"] = Guid.NewGuid().ToString() },
            AdditionalHeaderClaims = new Dictionary<string, object> { ["jku"] = JwksUrl },
            SigningCredentials = ecdsa
                ? new SigningCredentials(EcKey, SecurityAlgorithms.EcdsaSha384)
                : new SigningCredentials(RsaKey, SecurityAlgorithms.RsaSha384),
        };
        tweak?.Invoke(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_jwksHost is not null) await _jwksHost.DisposeAsync();
        _rsa.Dispose();
        _ec.Dispose();
    }
}
