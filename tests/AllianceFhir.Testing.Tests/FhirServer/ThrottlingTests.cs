using System.Net;
using AllianceFhir.Testing.Tests.FhirServer.Fixtures;
using AllianceFhir.Testing.Tests.FhirServer.Support;
using Hl7.Fhir.Model;

namespace AllianceFhir.Testing.Tests.FhirServer;

/// <summary>--fail-every 3 --inject-status 429: every third request is throttled, and a throttled write is not applied.</summary>
public sealed class ThrottlingTests(EveryThirdRequestThrottledFixture fhir) : IClassFixture<EveryThirdRequestThrottledFixture>
{
    [Fact]
    public async System.Threading.Tasks.Task Post_WhenEveryThirdRequestThrottled_ThenThirdAndSixthGet429AndAreNotStored()
    {
        await fhir.Server.ResetStatsAsync();
        var system = TestResources.NewSystem();

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 6; i++)
        {
            using var response = await fhir.Client.PostAsync("Observation", FhirHttp.Content(TestResources.Phq9Total(system, $"{i}")));
            statuses.Add(response.StatusCode);
        }

        var created = HttpStatusCode.Created;
        var throttled = HttpStatusCode.TooManyRequests;
        Assert.Equal([created, created, throttled, created, created, throttled], statuses);
        await fhir.Server.ResetStatsAsync(); // so the count below is request 1, not throttled
        Assert.Equal(4, await FhirHttp.CountAsync(fhir.Client, $"Observation?identifier={Uri.EscapeDataString(system + "|")}"));
    }
}
