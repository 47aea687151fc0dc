using System.Net;
using System.Security.Cryptography;
using AllianceFhir.Testing.FhirServer;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.Sandbox.Tests.Hosting;

/// <summary>The sandbox-only client registrations shipped in appsettings.json work with the keys in sandbox/keys.</summary>
[Collection(SandboxCollection.Name)]
public sealed class DefaultClientsTests(SandboxEhrFixture fixture) : IDisposable
{
    private readonly OAuthDriver _driver = new(fixture.Sandbox);

    private static SandboxSettings ShippedSettings() => SandboxSettings.FromConfiguration(new ConfigurationBuilder()
        .AddJsonFile(RepositoryRoot.Combine("sandbox", "AllianceFhir.Sandbox", "appsettings.json"))
        .Build());

    [Fact]
    public void ShippedSettings_WhenRead_ThenHaveTheContractsFourClientsOnTheDefaultPorts()
    {
        var settings = ShippedSettings();

        Assert.Equal(5070, settings.Port);
        Assert.Equal("http://127.0.0.1:5090/launch", settings.AppLaunchUrl);
        Assert.Equal(
            [("alliancefhir-service", SandboxClientType.Backend), ("alliancefhir-smart", SandboxClientType.Symmetric),
             ("alliancefhir-smart-jwt", SandboxClientType.PrivateKeyJwt), ("alliancefhir-smart-public", SandboxClientType.Public)],
            settings.Clients.Select(c => (c.ClientId, c.Type)).OrderBy(c => c.ClientId, StringComparer.Ordinal));
        Assert.All(settings.Clients.Where(c => c.Type != SandboxClientType.Backend), c => Assert.Equal(["http://127.0.0.1:5090/signin-smart"], c.RedirectUris));
        Assert.Equal("sandbox-only-secret", settings.Clients.Single(c => c.ClientId == "alliancefhir-smart").ClientSecret);
    }

    [Fact]
    public async Task ShippedServiceClient_WhenItSignsWithTheCommittedKey_ThenGetsASystemToken()
    {
        foreach (var client in ShippedSettings().Clients) await fixture.Sandbox.RegisterClientAsync(client);
        using var rsa = RSA.Create();
        rsa.ImportFromPem(await File.ReadAllTextAsync(RepositoryRoot.Combine("sandbox", "keys", "alliancefhir-service.private.pem")));
        var assertion = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "alliancefhir-service",
            Audience = fixture.Sandbox.TokenEndpoint,
            Claims = new Dictionary<string, object> { ["sub"] = "alliancefhir-service", ["jti"] = Guid.NewGuid().ToString("n") },
            Expires = DateTime.UtcNow.AddMinutes(4),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "alliancefhir-service-sandbox-1" }, SecurityAlgorithms.RsaSha384),
        });

        var (status, body) = await _driver.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "system/*.rs system/Observation.c",
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = assertion,
        });

        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal("system/*.rs system/Observation.c", body.GetProperty("scope").GetString());
    }

    public void Dispose() => _driver.Dispose();
}
