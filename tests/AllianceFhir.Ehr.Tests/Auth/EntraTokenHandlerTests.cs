using System.Net;
using System.Security.Claims;
using AllianceFhir.Ehr.Auth;
using AllianceFhir.Ehr.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Identity.Abstractions;

namespace AllianceFhir.Ehr.Tests.Auth;

public sealed class EntraTokenHandlerTests
{
    private const string AhdsBase = "https://ws-fhir.fhir.azurehealthcareapis.com";

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Ehr:FhirBaseUrl"] = AhdsBase,
        ["Ehr:Authentication"] = "Entra",
        ["Ehr:Entra:Instance"] = "https://login.microsoftonline.com/",
        ["Ehr:Entra:TenantId"] = "00000000-0000-0000-0000-000000000001",
        ["Ehr:Entra:ClientId"] = "00000000-0000-0000-0000-000000000002",
    };

    [Fact]
    public async Task SendAsync_WhenEntraConfigured_ThenAsksForTheFhirServicesDefaultScope()
    {
        var entra = new HeaderProvider();
        var stub = new StubHttpHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK));
        using var services = TestEhr.Build(stub, Settings, configure: s => s.AddSingleton<IAuthorizationHeaderProvider>(entra));

        await services.FhirHttp().GetAsync(AhdsBase + "/Observation");

        Assert.Equal([AhdsBase + "/.default"], entra.Scopes);
        Assert.Equal("Bearer entra-1", Assert.Single(stub.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task SendAsync_WhenTheEhrAnswers401_ThenForcesOneRefreshAndRetries()
    {
        var entra = new HeaderProvider();
        var stub = new StubHttpHandler((request, _) => request.Headers.Authorization?.Parameter == "entra-1"
            ? new HttpResponseMessage(HttpStatusCode.Unauthorized)
            : new HttpResponseMessage(HttpStatusCode.OK));
        using var services = TestEhr.Build(stub, Settings, configure: s => s.AddSingleton<IAuthorizationHeaderProvider>(entra));

        using var response = await services.FhirHttp().GetAsync(AhdsBase + "/Observation");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([false, true], entra.ForceRefresh);
    }

    [Fact]
    public void AddEhr_WhenEntraConfigured_ThenMicrosoftIdentityWebSuppliesTheTokens()
    {
        using var services = TestEhr.Build(new StubHttpHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK)), Settings);

        Assert.NotNull(services.GetRequiredService<IAuthorizationHeaderProvider>());
        Assert.NotNull(services.GetRequiredService<EntraTokenHandler>());
    }

    [Fact]
    public void AddEhr_WhenEntraNotConfigured_ThenMicrosoftIdentityWebIsNotRegistered()
    {
        using var services = TestEhr.Build(new StubHttpHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK)));

        Assert.Null(services.GetService<IAuthorizationHeaderProvider>());
    }

    private sealed class HeaderProvider : IAuthorizationHeaderProvider
    {
        private int _issued;

        public List<string> Scopes { get; } = [];

        public List<bool> ForceRefresh { get; } = [];

        public Task<string> CreateAuthorizationHeaderForAppAsync(string scopes, AuthorizationHeaderProviderOptions? downstreamApiOptions = null, CancellationToken cancellationToken = default)
        {
            Scopes.Add(scopes);
            ForceRefresh.Add(downstreamApiOptions?.AcquireTokenOptions?.ForceRefresh ?? false);
            return Task.FromResult($"Bearer entra-{Interlocked.Increment(ref _issued)}");
        }

        public Task<string> CreateAuthorizationHeaderForUserAsync(IEnumerable<string> scopes, AuthorizationHeaderProviderOptions? authorizationHeaderProviderOptions = null, ClaimsPrincipal? claimsPrincipal = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("the service has no user");

        public Task<string> CreateAuthorizationHeaderAsync(IEnumerable<string> scopes, AuthorizationHeaderProviderOptions? options = null, ClaimsPrincipal? claimsPrincipal = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("the service has no user");
    }
}
