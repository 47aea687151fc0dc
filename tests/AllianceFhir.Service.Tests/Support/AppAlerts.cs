using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using AllianceFhir.Smart.Features;
using AllianceFhir.Smart.Session;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AllianceFhir.Service.Tests.Support;

/// <summary>
/// The SMART app's real feature endpoints (alerts included) hosted in-process on Kestrel, with a launched session for
/// one clinician and patient straight onto the real test FHIR server: what a clinician's click in the app does.
/// </summary>
internal sealed class AppAlerts : IAsyncDisposable
{
    public const string Clinician = "Practitioner/prac-01";

    private readonly WebApplication _app;
    private readonly Session _session;

    private AppAlerts(WebApplication app, Session session, HttpClient client)
    {
        _app = app;
        _session = session;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<AppAlerts> StartAsync(string fhirBaseUrl, string patientId)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSmartFeatures();
        var app = builder.Build();
        var session = new Session(fhirBaseUrl, patientId);
        app.Use((context, next) =>
        {
            context.Features.Set<ISmartSession>(session);
            return next(context);
        });
        app.MapGroup("/api/patients/{patientId}").MapSmartFeatures(app);
        await app.StartAsync();
        return new AppAlerts(app, session, new HttpClient { BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/") });
    }

    /// <summary>Acknowledges or resolves an alert as the clinician would; returns the app's answer.</summary>
    public async Task<JsonElement> ActAsync(string patientId, string alertReference, string action)
    {
        // Resolving asks the clinician why (and, for a safety alert, to confirm): the app refuses it without both.
        using var body = action == "resolve" ? JsonContent.Create(new { reason = "Reviewed with the client in session", confirmed = true }) : null;
        using var response = await Client.PostAsync($"api/patients/{patientId}/alerts/{alertReference}/{action}", body);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {answer}");
        return JsonDocument.Parse(answer).RootElement.Clone();
    }

    public async Task<List<JsonElement>> ListAsync(string patientId) =>
        JsonDocument.Parse(await Client.GetStringAsync($"api/patients/{patientId}/alerts")).RootElement.EnumerateArray().Select(e => e.Clone()).ToList();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
        _session.Dispose();
    }

    private sealed class Session(string fhirBaseUrl, string patientId) : ISmartSession, IDisposable
    {
        private readonly HttpClient _client = new() { BaseAddress = new Uri(fhirBaseUrl.TrimEnd('/') + "/") };

        public SmartLaunchContext Context { get; } = new(new Uri(fhirBaseUrl.TrimEnd('/') + "/"), patientId, null, Clinician,
            SmartScopes.Launch.Concat(SmartScopes.ByFeature.Values.SelectMany(s => s)).ToHashSet(StringComparer.Ordinal), true, null, []);

        public HttpClient EhrHttpClient => _client;

        public void Dispose() => _client.Dispose();
    }
}
