using AllianceFhir.Smart.Features;
using AllianceFhir.Smart.Launch;

namespace AllianceFhir.Smart.Tests.Launch;

public class SmartLaunchScopesTests
{
    [Fact]
    public void For_WhenEhrLaunch_ThenLaunchIdentityRefreshAndEveryFeatureScope()
    {
        var scopes = SmartLaunchScopes.For(standalone: false).Split(' ');
        Assert.Contains("launch", scopes);
        Assert.DoesNotContain("launch/patient", scopes);
        foreach (var s in new[] { "openid", "fhirUser", "offline_access" }) Assert.Contains(s, scopes);
        foreach (var s in SmartScopes.ByFeature.Values.SelectMany(v => v)) Assert.Contains(s, scopes);
        Assert.Equal(scopes.Length, scopes.Distinct().Count());
    }

    [Fact]
    public void For_WhenStandalone_ThenAsksTheEhrToPickAPatient()
    {
        var scopes = SmartLaunchScopes.For(standalone: true).Split(' ');
        Assert.Contains("launch/patient", scopes);
        Assert.DoesNotContain("launch", scopes);
    }
}
