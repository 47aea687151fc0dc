extern alias smartapp;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AllianceFhir.CdsHooks;
using AllianceFhir.FhirServer;
using AllianceFhir.Samples.Sessions;
using AllianceFhir.Service.Tests.CdsHooks;
using AllianceFhir.Service.Tests.Nightly;
using AllianceFhir.Service.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using smartapp::AllianceFhir.Smart.Features;
using smartapp::AllianceFhir.Smart.Session;

namespace AllianceFhir.Service.Tests.Hosting;

/// <summary>
/// A site calibrates the clinical settings once (section <c>Trajectories</c>) and every host follows: the service's
/// nightly trajectory Observation, its CDS Hooks card, the SMART app's dashboard, and the <c>report</c> verb (which
/// loads and validates the same settings). Expected numbers are worked by hand from the formulas in ADR 0002:
/// expected(s) = baseline × (1 − k·ln s); Jacobson–Truax RC = 1.96·SD·√2·√(1−r) with PHQ-9's SD 5.7 and r .89 (profiles).
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class ClinicalSettingsEverywhereTests
{
    private const string PatientId = "calibrated-1";

    // PHQ-9 20 at four weekly sessions. k = 0.30: 20 × (1 − 0.30·ln 4) = 11.68 → 11.7 (default k 0.15 gives 15.8).
    // Jacobson–Truax: 1.96 × 5.7 × √2 × √0.11 = 5.24 (the default fixed threshold is 6).
    private static readonly Dictionary<string, string?> Calibrated = new()
    {
        ["Trajectories:ExpectedImprovementPerLogSession"] = "0.30",
        ["Trajectories:ReliableChange"] = "JacobsonTruax",
    };

    [Fact]
    public async Task Settings_WhenSiteCalibratesTrajectories_ThenServiceCdsAppAndReportAllUseThem()
    {
        await using var fhir = await FhirServerProcess.StartAsync(FhirServerOptions.Default);
        using (var client = fhir.CreateHttpClient())
            await SessionHistory.LoadAsync(client, SessionHistory.Build(PatientId, 4, phq9: _ => 20));

        // 1. The service: the nightly run writes the trajectory with the calibrated expectation and threshold.
        using var state = new TempFolder();
        await using var ehr = await CdsEhr.StartAsync();
        await using var host = await CdsHost.StartAsync(state.Combine("state.db"), ehr, fhir.BaseUrl, Calibrated);
        Assert.DoesNotContain("failed", await host.RunAsync("nightly-scoring"));
        var trajectory = (await EhrQuery.AllAsync(fhir, "Observation"))
            .Single(o => o.GetProperty("subject").GetProperty("reference").GetString() == $"Patient/{PatientId}"
                         && o.TryGetProperty("meta", out var meta) && meta.TryGetProperty("profile", out var profile)
                         && profile[0].GetString()!.EndsWith("trajectory-observation", StringComparison.Ordinal)
                         && o.GetProperty("component")[0].GetRawText().Contains("44261-6", StringComparison.Ordinal)); // the PHQ-9 total's trajectory
        Assert.Equal(11.7m, Component(trajectory, "expected-score"));
        Assert.Equal(5.24m, Component(trajectory, "reliable-change-index"));

        // 2. CDS Hooks: the not-on-track card quotes the same expected score.
        var request = new JsonObject
        {
            ["hookInstance"] = Guid.NewGuid().ToString(),
            ["hook"] = "patient-view",
            ["context"] = new JsonObject { ["userId"] = "Practitioner/example", ["patientId"] = PatientId },
            ["prefetch"] = new JsonObject { [PatientViewService.ResponsesKey] = null },
        }.ToJsonString();
        using var cdsResponse = await host.PostAsync($"cds-services/{PatientViewService.ServiceId}", request, ehr.Token(host.ServiceUrl));
        Assert.Equal(HttpStatusCode.OK, cdsResponse.StatusCode);
        var cards = JsonDocument.Parse(await cdsResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("cards").EnumerateArray().ToList();
        var card = Assert.Single(cards, c => c.GetProperty("indicator").GetString() == "info" && c.GetProperty("summary").GetString()!.Contains("PHQ", StringComparison.Ordinal));
        Assert.Contains("expected about 11.7", card.GetProperty("summary").GetString());

        // 3. The SMART app's dashboard, configured the same way, shows the same expectation and threshold.
        var dashboard = await AppDashboardAsync(fhir.BaseUrl, Calibrated);
        var phq9 = dashboard.GetProperty("symptoms").EnumerateArray().Single(c => c.GetProperty("instrumentId").GetString() == "phq-9");
        Assert.Equal(11.7m, phq9.GetProperty("expectedLatest").GetDecimal());
        Assert.Equal(5.24m, Math.Round(phq9.GetProperty("reliableChangeThreshold").GetDecimal(), 2));
        Assert.True(phq9.GetProperty("notOnTrack").GetBoolean());
        var uncalibrated = (await AppDashboardAsync(fhir.BaseUrl, new Dictionary<string, string?>()))
            .GetProperty("symptoms").EnumerateArray().Single(c => c.GetProperty("instrumentId").GetString() == "phq-9");
        Assert.Equal(15.8m, uncalibrated.GetProperty("expectedLatest").GetDecimal());

        // 4. The report verb reads the same section through the same loader: a setting the hosts refuse stops it too.
        using var output = new TempFolder();
        var env = Calibrated.ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!);
        var ok = ServiceProcess.Run(env, "report", "--period", "2026-10", "--input", Reports.GoldenCohort.Folder, "--output", output.Path);
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        env["Trajectories__ExpectedImprovementPerLogSession"] = "1.5";
        var refused = ServiceProcess.Run(env, "report", "--period", "2026-10", "--input", Reports.GoldenCohort.Folder, "--output", output.Path);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("Trajectories:ExpectedImprovementPerLogSession", refused.Stderr);
    }

    private static decimal Component(JsonElement observation, string code) =>
        observation.GetProperty("component").EnumerateArray()
            .Single(c => c.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString() == code)
            .GetProperty("valueQuantity").GetProperty("value").GetDecimal();

    /// <summary>The app's features on Kestrel with the given configuration and a launched session on the FHIR server.</summary>
    private static async Task<JsonElement> AppDashboardAsync(string fhirBaseUrl, IDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSmartFeatures();
        await using var app = builder.Build();
        using var session = new Session(fhirBaseUrl);
        app.Use((context, next) =>
        {
            context.Features.Set<ISmartSession>(session);
            return next(context);
        });
        app.MapGroup("/api/patients/{patientId}").MapSmartFeatures(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient();
        var body = await http.GetStringAsync($"{address}/api/patients/{PatientId}/dashboard");
        await app.StopAsync();
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private sealed class Session(string fhirBaseUrl) : ISmartSession, IDisposable
    {
        private readonly HttpClient _client = new() { BaseAddress = new Uri(fhirBaseUrl.TrimEnd('/') + "/") };

        public SmartLaunchContext Context { get; } = new(new Uri(fhirBaseUrl.TrimEnd('/') + "/"), PatientId, null, "Practitioner/prac-01",
            SmartScopes.Launch.Concat(SmartScopes.ByFeature.Values.SelectMany(s => s)).ToHashSet(StringComparer.Ordinal), true, null, []);

        public HttpClient EhrHttpClient => _client;

        public void Dispose() => _client.Dispose();
    }
}
