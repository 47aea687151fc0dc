using AllianceFhir.CdsHooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace AllianceFhir.CdsHooks.Tests;

/// <summary>A mistyped client entry stops the service at start with the configuration key to fix.</summary>
public sealed class CdsHooksOptionsValidatorTests
{
    private static readonly IHostEnvironment Production = new HostingEnvironment { EnvironmentName = Environments.Production };
    private static readonly IHostEnvironment Development = new HostingEnvironment { EnvironmentName = Environments.Development };

    private static CdsHooksOptions OneClient(string? publicBaseUrl) => new()
    {
        PublicBaseUrl = publicBaseUrl,
        Clients = [new CdsClientOptions { Issuer = "https://ehr.example.org", JwksUrl = "https://ehr.example.org/jwks.json" }],
    };

    [Fact]
    public void Validate_WhenClientsAreConfiguredOutsideDevelopmentWithoutAPublicBaseUrl_ThenFailsNamingTheKey()
    {
        var result = new CdsHooksOptionsValidator(Production).Validate(null, OneClient(null));

        Assert.True(result.Failed);
        Assert.Contains("CdsHooks:PublicBaseUrl is required outside Development", result.FailureMessage);
    }

    [Theory]
    [InlineData("Development", null)]
    [InlineData("Production", "https://cds.example.org")]
    public void Validate_WhenInDevelopmentOrThePublicBaseUrlIsSet_ThenSucceeds(string environment, string? publicBaseUrl)
    {
        var result = new CdsHooksOptionsValidator(environment == "Development" ? Development : Production).Validate(null, OneClient(publicBaseUrl));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("", "https://ehr.example.org/jwks.json", null, "CdsHooks:Clients:0:Issuer is required")]
    [InlineData("https://ehr.example.org", null, null, "CdsHooks:Clients:0: give exactly one of JwksUrl and Jwks")]
    [InlineData("https://ehr.example.org", "http://ehr.example.org/jwks.json", null, "must be an absolute https URL")]
    [InlineData("https://ehr.example.org", null, "{\"not\":\"a key set\"}", "CdsHooks:Clients:0:Jwks")]
    public void Validate_WhenAClientIsMisconfigured_ThenFailsNamingTheKey(string issuer, string? jwksUrl, string? jwks, string expected)
    {
        var options = new CdsHooksOptions { PublicBaseUrl = "https://cds.example.org", Clients = [new CdsClientOptions { Issuer = issuer, JwksUrl = jwksUrl, Jwks = jwks }] };

        var result = new CdsHooksOptionsValidator(Production).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage);
    }

    [Fact]
    public void Validate_WhenTheSameIssuerIsListedTwice_ThenFails()
    {
        var client = new CdsClientOptions { Issuer = "https://ehr.example.org", JwksUrl = "https://ehr.example.org/jwks.json" };

        var result = new CdsHooksOptionsValidator(Production).Validate(null, new CdsHooksOptions { PublicBaseUrl = "https://cds.example.org", Clients = [client, client] });

        Assert.Contains("listed more than once", result.FailureMessage);
    }
}
