using AllianceFhir.Service.CdsHooks;

namespace AllianceFhir.Service.Tests.CdsHooks;

/// <summary>A mistyped client entry stops the service at start with the configuration key to fix.</summary>
public sealed class CdsHooksOptionsValidatorTests
{
    [Theory]
    [InlineData("", "https://ehr.example.org/jwks.json", null, "CdsHooks:Clients:0:Issuer is required")]
    [InlineData("https://ehr.example.org", null, null, "CdsHooks:Clients:0: give exactly one of JwksUrl and Jwks")]
    [InlineData("https://ehr.example.org", "http://ehr.example.org/jwks.json", null, "must be an absolute https URL")]
    [InlineData("https://ehr.example.org", null, "{\"not\":\"a key set\"}", "CdsHooks:Clients:0:Jwks")]
    public void Validate_WhenAClientIsMisconfigured_ThenFailsNamingTheKey(string issuer, string? jwksUrl, string? jwks, string expected)
    {
        var options = new CdsHooksOptions { Clients = [new CdsClientOptions { Issuer = issuer, JwksUrl = jwksUrl, Jwks = jwks }] };

        var result = new CdsHooksOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage);
    }

    [Fact]
    public void Validate_WhenTheSameIssuerIsListedTwice_ThenFails()
    {
        var client = new CdsClientOptions { Issuer = "https://ehr.example.org", JwksUrl = "https://ehr.example.org/jwks.json" };

        var result = new CdsHooksOptionsValidator().Validate(null, new CdsHooksOptions { Clients = [client, client] });

        Assert.Contains("listed more than once", result.FailureMessage);
    }
}
