using System.Net;
using AllianceFhir.Testing.FhirServer;
using AllianceFhir.Testing.Tests.FhirServer.Support;
using Hl7.Fhir.Model;

namespace AllianceFhir.Testing.Tests.FhirServer;

/// <summary>The default server supports conditional create (like HAPI or Azure Health Data Services).</summary>
public sealed class ConditionalCreateTests(FhirServerFixture fhir) : IClassFixture<FhirServerFixture>
{
    [Fact]
    public async System.Threading.Tasks.Task Create_WhenIfNoneExistMatchesEarlierCreate_ThenReturns200WithExistingAndNoDuplicate()
    {
        var system = TestResources.NewSystem();
        var ifNoneExist = $"identifier={system}|qr-1";

        using var first = await PostIfNoneExist(TestResources.Phq9Total(system, "qr-1", score: 12), ifNoneExist);
        using var second = await PostIfNoneExist(TestResources.Phq9Total(system, "qr-1", score: 20), ifNoneExist);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var created = await FhirHttp.ReadAsync<Observation>(first);
        var returned = await FhirHttp.ReadAsync<Observation>(second);
        Assert.Equal(created.Id, returned.Id);
        Assert.Equal(12m, ((Quantity)returned.Value!).Value);
        Assert.Equal(1, await FhirHttp.CountAsync(fhir.Client, $"Observation?identifier={Uri.EscapeDataString(system + "|")}"));
    }

    [Fact]
    public async System.Threading.Tasks.Task Create_WhenIfNoneExistMatchesTwoResources_Then412()
    {
        var system = TestResources.NewSystem();
        await FhirHttp.CreateAsync(fhir.Client, TestResources.Phq9Total(system, "a"));
        await FhirHttp.CreateAsync(fhir.Client, TestResources.Phq9Total(system, "b"));

        using var response = await PostIfNoneExist(TestResources.Phq9Total(system, "c"), $"identifier={system}|");

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.NotEmpty((await FhirHttp.ReadAsync<OperationOutcome>(response)).Issue);
    }

    private async Task<HttpResponseMessage> PostIfNoneExist(Resource resource, string ifNoneExist)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, resource.TypeName) { Content = FhirHttp.Content(resource) };
        request.Headers.Add("If-None-Exist", ifNoneExist);
        return await fhir.Client.SendAsync(request);
    }
}
