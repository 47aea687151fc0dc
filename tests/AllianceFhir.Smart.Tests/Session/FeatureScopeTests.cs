using System.Net;
using AllianceFhir.Smart.Features;
using AllianceFhir.Smart.Tests.Support;

namespace AllianceFhir.Smart.Tests.Session;

[Collection(SmartSandboxCollection.Name)]
public class FeatureScopeTests(SmartSandbox ehr)
{
    [Fact]
    public async Task Context_WhenEhrWithholdsAWriteScope_ThenThatFeatureIsOffWithANoteAndTheAppStillLoads()
    {
        await using var app = await ehr.StartAppAsync();
        using var browser = new TestBrowser();

        await app.EhrLaunchAsync(browser, withheld: ["patient/Flag.u"]);

        var features = (await app.ContextAsync(browser)).GetProperty("features");
        var acknowledge = features.GetProperty(SmartScopes.AcknowledgeAlerts);
        Assert.False(acknowledge.GetProperty("enabled").GetBoolean());
        Assert.Contains("Acknowledging alerts is off", acknowledge.GetProperty("note").GetString());
        Assert.Contains("patient/Flag.u", acknowledge.GetProperty("note").GetString());
        Assert.True(features.GetProperty(SmartScopes.Dashboard).GetProperty("enabled").GetBoolean());
        Assert.True(features.GetProperty(SmartScopes.Alerts).GetProperty("enabled").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(app.Url("/"))).StatusCode);
    }
}
