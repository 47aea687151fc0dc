using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AllianceFhir.FhirServer;
using AllianceFhir.Samples;
using AllianceFhir.Service.Cli;
using AllianceFhir.Service.Hosting;
using Microsoft.Extensions.Hosting;

namespace AllianceFhir.Bench;

/// <summary>
/// The nightly run against the test FHIR server with a synthetic cohort loaded: HTTP requests per 100 responses, and
/// wall time against a floor measured in the same run: a second, identical server paged through the same searches and
/// sent the same batch Bundles (the resources the run wrote), with no scoring.
/// </summary>
public static class ServiceBench
{
    private const int BundleSize = 200;

    public static async Task<int> RunAsync(string[] args)
    {
        var patients = args.Length == 2 && args[0] == "--patients" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
        var work = Directory.CreateTempSubdirectory("alliancefhir-service-bench-");
        try
        {
            var cohort = Path.Combine(work.FullName, "cohort");
            var written = CohortGenerator.WriteNdjson(new CohortOptions(Patients: patients), cohort);
            Console.WriteLine($"cohort: {patients} patients, {written.QuestionnaireResponses} QuestionnaireResponse lines, {written.Observations} Observations");
            var options = FhirServerOptions.Default with { LoadFolder = cohort, StartTimeout = TimeSpan.FromMinutes(10) };

            await using var ehr = await FhirServerProcess.StartAsync(options);
            var responses = ehr.LoadedByType.GetValueOrDefault("QuestionnaireResponse");
            using var host = ServiceHost.BuildWorker(new Dictionary<string, string?>
            {
                ["Source:FhirServer"] = ehr.BaseUrl,
                ["State:ConnectionString"] = $"Data Source={Path.Combine(work.FullName, "state.db")}",
                ["Jobs:PatientsPerBatch"] = "100",
                ["Ehr:PageSize"] = "1000",
                ["WriteBack:BundleSize"] = BundleSize.ToString(CultureInfo.InvariantCulture),
                ["Logging:LogLevel:Default"] = "Warning",
            });
            await host.StartAsync();
            await ehr.ResetStatsAsync();
            var clock = Stopwatch.StartNew();
            var report = await RunCommand.RunOnceAsync(host.Services, "nightly-scoring", TimeSpan.FromMinutes(30), CancellationToken.None);
            var runSeconds = clock.Elapsed.TotalSeconds;
            var requests = (await ehr.StatsAsync()).Requests;
            await host.StopAsync();
            Console.WriteLine(report.Report);
            if (!report.Succeeded) return 1;
            Console.WriteLine($"nightly run: {runSeconds:0.0} s, {requests} requests for {responses} responses");

            // The floor: what the run wrote, as the same number of batch Bundles, to a fresh identical server.
            var bundles = new List<string>();
            foreach (var type in new[] { "Observation", "Flag" })
                foreach (var chunk in (await ReadOursAsync(ehr, type)).Chunk(BundleSize))
                    bundles.Add(Batch(type, chunk));
            await using var floorEhr = await FhirServerProcess.StartAsync(options);
            using var http = floorEhr.CreateHttpClient();
            clock.Restart();
            foreach (var query in new[] { "QuestionnaireResponse?_sort=_lastUpdated&_count=1000", "Observation?_sort=_lastUpdated&_count=1000&code=http://loinc.org|44261-6,http://loinc.org|70274-6" })
                await floorEhr.SearchAllAsync(query);
            foreach (var bundle in bundles)
                (await http.PostAsync("", new StringContent(bundle, Encoding.UTF8, "application/fhir+json"))).EnsureSuccessStatusCode();
            var floorSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"floor (same searches, {bundles.Count} bundles, no scoring): {floorSeconds:0.0} s");

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"service-bench: responses={responses} requests_per_100={100.0 * requests / responses:0.00} vs_floor={runSeconds / floorSeconds:0.00}"));
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<List<JsonElement>> ReadOursAsync(FhirServerProcess ehr, string type) =>
        (await ehr.SearchAllAsync($"{type}?_count=1000"))
            .Where(r => r.TryGetProperty("identifier", out var ids) && ids[0].GetProperty("system").GetString()!.StartsWith("https://alliancefhir.org/", StringComparison.Ordinal))
            .ToList();

    private static string Batch(string type, IEnumerable<JsonElement> resources)
    {
        var entries = resources.Select(r =>
        {
            var identifier = r.GetProperty("identifier")[0];
            var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(r.GetRawText())!;
            body.Remove("id");
            body.Remove("meta");
            return new
            {
                resource = body,
                request = new { method = "POST", url = type, ifNoneExist = $"identifier={Uri.EscapeDataString(identifier.GetProperty("system").GetString()!)}|{identifier.GetProperty("value").GetString()}" },
            };
        });
        return JsonSerializer.Serialize(new { resourceType = "Bundle", type = "batch", entry = entries });
    }
}
