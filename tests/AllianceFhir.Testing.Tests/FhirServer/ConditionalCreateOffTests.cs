using System.Net;
using AllianceFhir.Testing.Tests.FhirServer.Fixtures;
using AllianceFhir.Testing.Tests.FhirServer.Support;
using Hl7.Fhir.Model;

namespace AllianceFhir.Testing.Tests.FhirServer;

/// <summary>--no-conditional-create: the server behaves like Epic, which declares conditionalCreate false.</summary>
public sealed class ConditionalCreateOffTests(NoConditionalCreateFixture fhir) : IClassFixture<NoConditionalCreateFixture>
{
    [Fact]
    public async System.Threading.Tasks.Task GetMetadata_WhenConditionalCreateOff_ThenEveryTypeDeclaresConditionalCreateFalse()
    {
        var statement = await FhirHttp.GetAsync<CapabilityStatement>(fhir.Client, "metadata");

        var resources = statement.Rest.Single().Resource;
        Assert.Contains(resources, r => r.Type == "QuestionnaireResponse");
        Assert.All(resources, r => Assert.False(r.ConditionalCreate));
    }

    [Fact]
    public async System.Threading.Tasks.Task Create_WhenIfNoneExistAndConditionalCreateOff_ThenRefusedWithOperationOutcomeAndNothingStored()
    {
        var system = TestResources.NewSystem();
        var request = new HttpRequestMessage(HttpMethod.Post, "Observation") { Content = FhirHttp.Content(TestResources.Phq9Total(system, "1")) };
        request.Headers.Add("If-None-Exist", $"identifier={system}|1");

        using var response = await fhir.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = await FhirHttp.ReadAsync<OperationOutcome>(response);
        Assert.Equal(OperationOutcome.IssueType.NotSupported, outcome.Issue.Single().Code);
        Assert.Equal(0, await FhirHttp.CountAsync(fhir.Client, $"Observation?identifier={Uri.EscapeDataString(system + "|")}"));
    }

    [Fact]
    public async System.Threading.Tasks.Task Create_WhenNoIfNoneExistAndConditionalCreateOff_ThenCreated()
    {
        var created = await FhirHttp.CreateAsync(fhir.Client, TestResources.Phq9Total(TestResources.NewSystem(), "1"));

        Assert.NotNull(created.Id);
    }
}
