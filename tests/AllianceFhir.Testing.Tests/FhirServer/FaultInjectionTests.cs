using System.Net;
using AllianceFhir.Testing.Tests.FhirServer.Fixtures;
using AllianceFhir.Testing.Tests.FhirServer.Support;
using Hl7.Fhir.Model;

namespace AllianceFhir.Testing.Tests.FhirServer;

/// <summary>--inject-count 2 --inject-status 503 --retry-after 1: what a client's retry policy has to get through.</summary>
public sealed class FaultInjectionTests(FirstTwoRequestsFailFixture fhir) : IClassFixture<FirstTwoRequestsFailFixture>
{
    [Fact]
    public async System.Threading.Tasks.Task Get_WhenFirstTwoRequestsInjected_ThenTwo503WithRetryAfterThenSuccess()
    {
        await fhir.Server.ResetStatsAsync();

        using var first = await fhir.Client.GetAsync("metadata");
        using var second = await fhir.Client.GetAsync("metadata");
        using var third = await fhir.Client.GetAsync("metadata");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), first.Headers.RetryAfter?.Delta);
        Assert.Equal(OperationOutcome.IssueType.Transient, (await FhirHttp.ReadAsync<OperationOutcome>(first)).Issue.Single().Code);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        var stats = await fhir.Server.StatsAsync();
        Assert.Equal(3, stats.Requests);
        Assert.Equal(2, stats.Injected);
        Assert.Equal(2, stats.Count(503));
    }
}
