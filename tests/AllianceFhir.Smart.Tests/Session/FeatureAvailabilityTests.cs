using AllianceFhir.Core.Alerts;
using AllianceFhir.Smart.Features;
using AllianceFhir.Smart.Hosting;
using AllianceFhir.Smart.Launch;
using AllianceFhir.Smart.Session;

namespace AllianceFhir.Smart.Tests.Session;

public class FeatureAvailabilityTests
{
    private static string Requested(AlertChannel channel) => SmartLaunchScopes.For(new SmartEhrOptions(), standalone: false, [channel], null);

    [Fact]
    public void From_WhenEverythingRequestedForTheEhrsChannelGranted_ThenEveryFeatureOnWithoutNote()
    {
        var features = FeatureAvailability.From(GrantedScopes.Parse(Requested(AlertChannel.Task)));
        Assert.Equal(SmartScopes.Features.Order(), features.Keys.Order());
        Assert.All(features.Values, f => { Assert.True(f.Enabled); Assert.Null(f.Note); });
    }

    [Fact]
    public void From_WhenTheChannelsCreateWithheld_ThenAdministerOffWithNoteAndDashboardOn()
    {
        var granted = GrantedScopes.Parse(Requested(AlertChannel.Communication).Replace(" patient/Communication.c", ""));
        var features = FeatureAvailability.From(granted);
        Assert.True(features[SmartScopes.Dashboard].Enabled);
        Assert.True(features[SmartScopes.Alerts].Enabled);
        Assert.False(features[SmartScopes.Administer].Enabled);
        Assert.Contains("Giving a questionnaire is off", features[SmartScopes.Administer].Note);
        Assert.Contains("patient/Communication.c", features[SmartScopes.Administer].Note);
    }
}
