using AllianceFhir.Ehr.Client;
using AllianceFhir.Ehr.Tests.Support;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.Extensions.DependencyInjection;

namespace AllianceFhir.Ehr.Tests.Client;

public sealed class EhrFhirClientFactoryTests
{
    [Fact]
    public async Task Create_WhenReadingAResource_ThenSpeaksJsonThroughTheTokenHandler()
    {
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Json("""{"resourceType":"Patient","id":"p1","active":true}"""));
        using var services = TestEhr.Build(stub, new Dictionary<string, string?>
        {
            ["Ehr:Authentication"] = "StaticToken",
            ["Ehr:StaticToken:Token"] = "dev-token",
        });
        using var client = services.GetRequiredService<EhrFhirClientFactory>().Create();

        var patient = await client.ReadAsync<Patient>("Patient/p1");

        Assert.Equal("p1", patient!.Id);
        var request = Assert.Single(stub.Requests);
        Assert.Equal("https://ehr.test/fhir/r4/Patient/p1", request.Uri.GetLeftPart(UriPartial.Path));
        Assert.Contains("application/fhir+json", request.Header("Accept"));
        Assert.Equal("Bearer dev-token", request.Header("Authorization"));
    }
}
