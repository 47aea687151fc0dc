using System.Net;
using AllianceFhir.Testing.Tests.FhirServer.Fixtures;
using AllianceFhir.Testing.Tests.FhirServer.Support;
using Hl7.Fhir.Model;

namespace AllianceFhir.Testing.Tests.FhirServer;

/// <summary>--refuse Flag,Task: the server behaves like Oracle Health's sandbox, which has neither.</summary>
public sealed class RefusedTypesTests(RefusingFlagAndTaskFixture fhir) : IClassFixture<RefusingFlagAndTaskFixture>
{
    [Fact]
    public async System.Threading.Tasks.Task GetMetadata_WhenFlagAndTaskRefused_ThenAbsentWhileCommunicationRemains()
    {
        var statement = await FhirHttp.GetAsync<CapabilityStatement>(fhir.Client, "metadata");

        var types = statement.Rest.Single().Resource.Select(r => r.Type).ToList();
        Assert.DoesNotContain("Flag", types);
        Assert.DoesNotContain("Task", types);
        Assert.Contains("Communication", types);
        Assert.Contains("Observation", types);
    }

    [Fact]
    public async System.Threading.Tasks.Task Create_WhenFlagRefused_Then404WithNotSupportedOperationOutcome()
    {
        var system = TestResources.NewSystem();
        var flag = TestResources.Flag(system, "1", "Patient/example");

        using var response = await fhir.Client.PostAsync("Flag", FhirHttp.Content(flag));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var outcome = await FhirHttp.ReadAsync<OperationOutcome>(response);
        Assert.Equal(OperationOutcome.IssueType.NotSupported, outcome.Issue.Single().Code);
    }

    [Theory]
    [InlineData("Flag")]
    [InlineData("Task?status=requested")]
    [InlineData("Task/123")]
    public async System.Threading.Tasks.Task Get_WhenTypeRefused_Then404WithOperationOutcome(string url)
    {
        using var response = await fhir.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEmpty((await FhirHttp.ReadAsync<OperationOutcome>(response)).Issue);
    }

    [Fact]
    public async System.Threading.Tasks.Task Batch_WhenOneEntryIsRefusedType_ThenThatEntry404AndTheOtherCreated()
    {
        var system = TestResources.NewSystem();
        var batch = new Bundle { Type = Bundle.BundleType.Batch };
        batch.AddResourceEntry(TestResources.Phq9Total(system, "1"), "urn:uuid:" + Guid.NewGuid()).Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation" };
        batch.AddResourceEntry(TestResources.Flag(system, "1", "Patient/example"), "urn:uuid:" + Guid.NewGuid()).Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Flag" };

        using var response = await fhir.Client.PostAsync("", FhirHttp.Content(batch));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await FhirHttp.ReadAsync<Bundle>(response);
        Assert.Equal(Bundle.BundleType.BatchResponse, result.Type);
        Assert.Equal(["201", "404"], FhirHttp.Statuses(result));
    }
}
