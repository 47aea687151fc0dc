using System.Net;
using AllianceFhir.Ehr.Auth;
using AllianceFhir.Ehr.BulkData;
using AllianceFhir.Ehr.Client;
using AllianceFhir.Ehr.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Ehr.Tests;

public sealed class EhrServiceCollectionExtensionsTests
{
    private static readonly StubHttpHandler Ok = new((_, _) => new HttpResponseMessage(HttpStatusCode.OK));

    /// <summary>What the host's start-up validation (ValidateOnStart) throws: one OptionsValidationException, or several aggregated.</summary>
    private static Exception StartupFailure(Dictionary<string, string?> settings)
    {
        using var services = TestEhr.Build(Ok, settings);
        var e = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.True(e is OptionsValidationException or AggregateException { InnerExceptions: [OptionsValidationException, ..] }, e.ToString());
        return e;
    }

    [Fact]
    public void AddEhr_WhenFhirBaseUrlMissing_ThenStartupFailsNamingTheSetting()
    {
        var e = StartupFailure(new() { ["Ehr:FhirBaseUrl"] = null });

        Assert.Contains("Ehr:FhirBaseUrl must be an absolute http(s) URL", e.Message);
    }

    [Fact]
    public void AddEhr_WhenAssertionLifetimeOverFiveMinutes_ThenStartupFails()
    {
        var settings = SmartEhr.Settings();
        settings["Ehr:SmartBackendServices:AssertionLifetime"] = "00:06:00";

        var e = StartupFailure(settings);

        Assert.Contains("AssertionLifetime must be more than 0 and at most 5 minutes", e.Message);
    }

    [Fact]
    public void AddEhr_WhenSmartChosenWithoutKeyOrClientId_ThenStartupNamesBoth()
    {
        var e = StartupFailure(new() { ["Ehr:Authentication"] = "SmartBackendServices" });

        Assert.Contains("Ehr:SmartBackendServices:ClientId is required", e.Message);
        Assert.Contains("set PrivateKeyPath or PrivateKeyPem", e.Message);
    }

    [Fact]
    public void AddEhr_WhenStaticTokenChosenWithoutToken_ThenStartupFails()
    {
        var e = StartupFailure(new() { ["Ehr:Authentication"] = "StaticToken" });

        Assert.Contains("Ehr:StaticToken:Token is required", e.Message);
    }

    [Fact]
    public void AddEhr_WhenResilienceTimeoutsContradict_ThenStartupFails()
    {
        var e = StartupFailure(new() { ["Ehr:Resilience:AttemptTimeout"] = "00:10:00" });

        Assert.Contains("TotalTimeout must exceed AttemptTimeout", e.Message);
    }

    [Fact]
    public void AddEhr_WhenConfigured_ThenEveryClientResolvesAndStartupPasses()
    {
        using var services = TestEhr.Build(Ok, SmartEhr.Settings());

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(services.GetRequiredService<EhrFhirClientFactory>());
        Assert.NotNull(services.GetRequiredService<EhrCapabilities>());
        Assert.NotNull(services.GetRequiredService<IncrementalSearch>());
        Assert.NotNull(services.GetRequiredService<BulkExportClient>());
        Assert.StartsWith("{\"keys\":[", services.GetRequiredService<JwksDocument>().ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void AddEhr_WhenNoAuthenticationChosen_ThenNoJwksIsPublished()
    {
        using var services = TestEhr.Build(Ok);

        Assert.Null(services.GetService<JwksDocument>());
    }
}
