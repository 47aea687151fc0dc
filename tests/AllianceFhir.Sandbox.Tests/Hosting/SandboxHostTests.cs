using System.Net;
using System.Text.Json;
using AllianceFhir.FhirServer;
using Microsoft.Extensions.Configuration;

namespace AllianceFhir.Sandbox.Tests.Hosting;

public sealed class SandboxHostTests
{
    [Fact]
    public async Task StartAsync_WhenGivenARunningFhirServer_ThenProxiesToItWithoutStartingAnother()
    {
        await using var upstream = await FhirServerProcess.StartAsync(new FhirServerOptions { LoadFolder = "samples/cohort" });
        await using var sandbox = await SandboxHost.StartAsync(new SandboxSettings { FhirUpstream = upstream.BaseUrl + "/" });
        var keys = new TestKeys("host-test-1");
        await sandbox.RegisterClientAsync(new SandboxClient { ClientId = "host-test", Type = SandboxClientType.Backend, JsonWebKeySet = keys.PublicJwks() });
        using var driver = new OAuthDriver(sandbox);
        var (_, token) = await driver.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "system/Patient.rs",
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = keys.Assertion("host-test", sandbox.TokenEndpoint),
        });
        await upstream.ResetStatsAsync();

        using var response = await driver.FhirAsync(HttpMethod.Get, "Patient/pat-0001", token.GetProperty("access_token").GetString());

        Assert.Null(sandbox.FhirServer);
        Assert.Equal(upstream.BaseUrl, sandbox.FhirUpstreamUrl);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var patient = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("pat-0001", patient.RootElement.GetProperty("id").GetString());
        Assert.Equal(1, (await upstream.StatsAsync()).Count(HttpMethod.Get));
    }

    [Fact]
    public async Task StartAsync_WhenFhirServerDirectoryHasNoServer_ThenFailsNamingTheKeyBeforeListening()
    {
        var empty = Directory.CreateTempSubdirectory("no-fhir-server-").FullName;
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["FhirServer:Directory"] = empty, ["Sandbox:Port"] = "0" })
                .Build();

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SandboxHost.StartAsync(SandboxSettings.FromConfiguration(configuration)));

            Assert.Contains($"FhirServer:Directory is '{empty}', which has no server.mjs", error.Message);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public async Task StartAsync_WhenAClientHasNoRedirectUri_ThenFailsNamingTheClient()
    {
        var settings = new SandboxSettings { FhirUpstream = "http://127.0.0.1:9/fhir", Clients = [new SandboxClient { ClientId = "broken", Type = SandboxClientType.Public }] };

        var error = await Assert.ThrowsAsync<System.ComponentModel.DataAnnotations.ValidationException>(() => SandboxHost.StartAsync(settings));

        Assert.Contains("'broken'", error.Message);
        Assert.Contains("RedirectUris", error.Message);
    }
}
