using AllianceFhir.Smart.Features;
using AllianceFhir.Smart.Launch;
using AllianceFhir.Smart.Session;

namespace AllianceFhir.Smart.Tests.Session;

public class FeatureAvailabilityTests
{
    [Fact]
    public void From_WhenEverythingGranted_ThenEveryFeatureOnWithoutNote()
    {
        var all = GrantedScopes.Parse(SmartLaunchScopes.For(standalone: false));
        var features = FeatureAvailability.From(all);
        Assert.Equal(SmartScopes.ByFeature.Keys.Order(), features.Keys.Order());
        Assert.All(features.Values, f => { Assert.True(f.Enabled); Assert.Null(f.Note); });
    }

    [Fact]
    public void From_WhenCommunicationWriteWithheld_ThenAdministerOffWithNoteAndDashboardOn()
    {
        var granted = GrantedScopes.Parse(SmartLaunchScopes.For(standalone: false).Replace("patient/Communication.c ", "").Replace(" patient/Communication.c", ""));
        var features = FeatureAvailability.From(granted);
        Assert.True(features[SmartScopes.Dashboard].Enabled);
        Assert.False(features[SmartScopes.Administer].Enabled);
        Assert.Contains("Giving a questionnaire is off", features[SmartScopes.Administer].Note);
        Assert.Contains("patient/Communication.c", features[SmartScopes.Administer].Note);
    }
}
