using AllianceFhir.Core.Alerts;
using AllianceFhir.Smart.Features;
using AllianceFhir.Smart.Hosting;
using AllianceFhir.Smart.Launch;

namespace AllianceFhir.Smart.Tests.Launch;

public class SmartLaunchScopesTests
{
    private static readonly string[] SandboxCapabilities = ["launch-ehr", "permission-offline", "permission-online", "permission-v2"];

    [Fact]
    public void For_WhenEhrTakesFlag_ThenFeatureScopesOnFlagOnlyAndOnlineAccess()
    {
        var scopes = SmartLaunchScopes.For(new SmartEhrOptions(), standalone: false, [AlertChannel.Flag], SandboxCapabilities).Split(' ');

        foreach (var s in new[] { "launch", "openid", "fhirUser", "online_access", "patient/Patient.r", "patient/Observation.rs", "patient/Flag.rs",
                     "patient/Flag.c", "patient/Flag.u", "patient/Provenance.c", "patient/QuestionnaireResponse.cs", "patient/Observation.cs" })
            Assert.Contains(s, scopes);
        Assert.DoesNotContain(scopes, s => s.Contains("Task") || s.Contains("Communication"));
        Assert.DoesNotContain("offline_access", scopes);
        Assert.DoesNotContain("launch/patient", scopes);
        Assert.Equal(scopes.Length, scopes.Distinct().Count());
    }

    [Fact]
    public void For_WhenEhrTakesTask_ThenTaskScopesAndNoFlag()
    {
        var scopes = SmartLaunchScopes.For(new SmartEhrOptions(), standalone: false, [AlertChannel.Task], SandboxCapabilities).Split(' ');
        foreach (var s in new[] { "patient/Task.rs", "patient/Task.c", "patient/Task.u" }) Assert.Contains(s, scopes);
        Assert.DoesNotContain(scopes, s => s.Contains("Flag") || s.Contains("Communication"));
    }

    [Fact]
    public void For_WhenEhrTakesNoAlertChannel_ThenNoAlertResourceScopes()
    {
        var scopes = SmartLaunchScopes.For(new SmartEhrOptions(), standalone: false, [], SandboxCapabilities).Split(' ');
        Assert.Contains("patient/Observation.rs", scopes);
        Assert.DoesNotContain(scopes, s => s.Contains("Flag") || s.Contains("Task") || s.Contains("Communication"));
    }

    [Fact]
    public void For_WhenOfflineAccessConfigured_ThenOfflineAccessInsteadOfOnline()
    {
        var scopes = SmartLaunchScopes.For(new SmartEhrOptions { OfflineAccess = true }, standalone: false, [AlertChannel.Flag], SandboxCapabilities).Split(' ');
        Assert.Contains("offline_access", scopes);
        Assert.DoesNotContain("online_access", scopes);
    }

    [Fact]
    public void For_WhenTheEhrDoesNotAdvertisePermissionOnline_ThenNoRefreshScope()
    {
        var scopes = SmartLaunchScopes.For(new SmartEhrOptions(), standalone: false, [AlertChannel.Flag], ["launch-ehr", "permission-v2"]).Split(' ');
        Assert.DoesNotContain("online_access", scopes);
        Assert.DoesNotContain("offline_access", scopes);
    }

    [Fact]
    public void For_WhenScopesConfigured_ThenExactlyThoseWithTheLaunchScopeOfTheLaunchKind()
    {
        var ehr = new SmartEhrOptions { Scopes = ["launch openid", "patient/Observation.rs"] };

        Assert.Equal("launch openid patient/Observation.rs", SmartLaunchScopes.For(ehr, standalone: false, [AlertChannel.Flag], SandboxCapabilities));
        Assert.Equal("launch/patient openid patient/Observation.rs", SmartLaunchScopes.For(ehr, standalone: true, [AlertChannel.Flag], SandboxCapabilities));
    }

    [Fact]
    public void For_WhenStandalone_ThenAsksTheEhrToPickAPatient()
    {
        var scopes = SmartLaunchScopes.For(new SmartEhrOptions(), standalone: true, [AlertChannel.Flag], SandboxCapabilities).Split(' ');
        Assert.Contains("launch/patient", scopes);
        Assert.DoesNotContain("launch", scopes);
    }

    [Fact]
    public void For_WhenDerivedForEveryChannel_ThenEveryFeatureIsGranted()
    {
        var granted = GrantedScopes.Parse(SmartLaunchScopes.For(new SmartEhrOptions(), standalone: false, [AlertChannel.Communication], SandboxCapabilities));
        Assert.All(SmartScopes.Features, f => Assert.True(FeatureAccess.IsGranted(granted, f), f));
    }
}
