using System.Net;
using AllianceFhir.Ehr.Tests.Support;

namespace AllianceFhir.Ehr.Tests.Auth;

public sealed class StaticTokenHandlerTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Ehr:Authentication"] = "StaticToken",
        ["Ehr:StaticToken:Token"] = "dev-token",
    };

    [Fact]
    public async Task SendAsync_WhenStaticTokenConfigured_ThenSendsItToTheEhrAndNowhereElse()
    {
        var stub = new StubHttpHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK));
        using var services = TestEhr.Build(stub, Settings);

        await services.FhirHttp().GetAsync(TestEhr.BaseUrl + "/Patient/p1");
        await services.FhirHttp().GetAsync("https://ehr.test:8443/fhir/r4/Patient/p1"); // another port is another origin

        Assert.Equal(["Bearer dev-token", null], stub.Requests.Select(r => r.Header("Authorization")));
    }

    [Fact]
    public async Task SendAsync_WhenTheEhrAnswers401_ThenReturnsItWithoutRetrying()
    {
        var stub = new StubHttpHandler((_, _) => new HttpResponseMessage(HttpStatusCode.Unauthorized));
        using var services = TestEhr.Build(stub, Settings);

        using var response = await services.FhirHttp().GetAsync(TestEhr.BaseUrl + "/Patient/p1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(stub.Requests);
    }
}
