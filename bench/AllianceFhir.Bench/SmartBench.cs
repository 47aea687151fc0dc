using System.Globalization;
using AllianceFhir.FhirServer;
using AllianceFhir.Samples.Sessions;
using AllianceFhir.Smart.Features;
using AllianceFhir.Smart.Session;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AllianceFhir.Bench;

/// <summary>
/// The SMART app's dashboard for a patient with 100 sessions (PHQ-9, GAD-7, WAI-SR each session: 300 responses) against
/// the real test FHIR server, the app's features in-process. Reports EHR requests per dashboard (the server's /$stats) and
/// the app's own time per request from its Server-Timing header (total minus time waiting on the EHR).
/// Targets: ehr_requests ≤ 3, server_ms_p95 ≤ 50.
/// </summary>
public static class SmartBench
{
    private const string PatientId = "bench-long-course";
    private const string OtherPatientId = "bench-long-course-2";

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length == 2 && args[0] == "--rounds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60;
        await using var ehr = await FhirServerProcess.StartAsync();
        using (var fhir = ehr.CreateHttpClient())
        {
            await SessionHistory.LoadAsync(fhir, SessionHistory.Build(PatientId, 100));
            await SessionHistory.LoadAsync(fhir, SessionHistory.Build(OtherPatientId, 100));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSmartFeatures();
        await using var app = builder.Build();
        using var session = new BenchSession(ehr.BaseUrl, PatientId);
        using var otherSession = new BenchSession(ehr.BaseUrl, OtherPatientId);
        app.Use((context, next) =>
        {
            context.Features.Set<ISmartSession>(context.Request.Path.Value!.Contains(OtherPatientId, StringComparison.Ordinal) ? otherSession : session);
            return next(context);
        });
        app.MapGroup("/api/patients/{patientId}").MapSmartFeatures(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address + "/") };
        var url = $"api/patients/{PatientId}/dashboard";

        for (var i = 0; i < 10; i++) await TimeAsync(client, url); // warm-up: JIT, first CapabilityStatement, connection pool
        await ehr.ResetStatsAsync();
        await TimeAsync(client, url);
        var requests = (await ehr.StatsAsync()).Requests;

        // A first render of a patient whose responses were never scored here (the response-score cache is empty for them).
        var (coldApp, _) = await TimeAsync(client, $"api/patients/{OtherPatientId}/dashboard");

        var appMs = new List<double>(rounds);
        var ehrMs = new List<double>(rounds);
        for (var i = 0; i < rounds; i++)
        {
            var (a, e) = await TimeAsync(client, url);
            appMs.Add(a);
            ehrMs.Add(e);
        }
        await app.StopAsync();
        Console.WriteLine(FormattableString.Invariant(
            $"dashboard for 100 sessions (300 responses), {rounds} rounds: EHR wait p50 {Percentile(ehrMs, 0.5):0.0} ms (not counted below)"));
        Console.WriteLine(FormattableString.Invariant(
            $"first render of another 100-session patient (no response scored yet): server {coldApp:0.0} ms"));
        Console.WriteLine(FormattableString.Invariant(
            $"smart-bench: ehr_requests={requests} server_ms_p50={Percentile(appMs, 0.5):0.0} server_ms_p95={Percentile(appMs, 0.95):0.0}"));
        return requests <= 3 ? 0 : 1;
    }

    private static async Task<(double App, double Ehr)> TimeAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsStringAsync();
        var timing = string.Join(",", response.Headers.GetValues("Server-Timing"));
        if (Environment.GetEnvironmentVariable("SMART_BENCH_DEBUG") is not null) Console.WriteLine(timing);
        double Dur(string name)
        {
            var part = timing.Split(',').Select(p => p.Trim()).First(p => p.StartsWith(name + ";dur=", StringComparison.Ordinal));
            return double.Parse(part[(name.Length + 5)..], CultureInfo.InvariantCulture);
        }
        return (Dur("app"), Dur("ehr"));
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    /// <summary>A launched session straight onto the test FHIR server (no token), as the launch layer would provide.</summary>
    internal sealed class BenchSession(string fhirBaseUrl, string patientId) : ISmartSession, IDisposable
    {
        private readonly HttpClient _client = new() { BaseAddress = new Uri(fhirBaseUrl.TrimEnd('/') + "/") };

        public SmartLaunchContext Context { get; } = new(new Uri(fhirBaseUrl.TrimEnd('/') + "/"), patientId, null, "Practitioner/bench",
            SmartScopes.Launch.Concat(SmartScopes.ByFeature.Values.SelectMany(s => s)).ToHashSet(StringComparer.Ordinal), true, null, []);

        public HttpClient EhrHttpClient => _client;

        public void Dispose() => _client.Dispose();
    }
}
