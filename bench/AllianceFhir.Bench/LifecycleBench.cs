using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Resources;
using AllianceFhir.FhirServer;
using AllianceFhir.Samples;
using AllianceFhir.Service.Cli;
using AllianceFhir.Service.Hosting;
using Microsoft.Extensions.Hosting;

namespace AllianceFhir.Bench;

/// <summary>
/// Issue 9 §8, following the record. Part one: a cohort in the test FHIR server, the nightly job once, then N scored
/// responses amended (one answer changed, status <c>amended</c>) and M retracted (<c>entered-in-error</c>) by PUT,
/// the nightly job again (started right after the changes), and every score Observation checked: amended ones
/// <c>amended</c> with the new total, retracted ones <c>entered-in-error</c>. rescored_s is per response, from its PUT
/// to its revised Observation read back (so it includes the whole second run). Part two is <see cref="SafetyAlertBench"/>.
/// </summary>
public static class LifecycleBench
{
    private static readonly string[] Ordinal = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]; // LOINC LL358-3: 0..3

    public static async Task<int> RunAsync(string[] args)
    {
        var patients = Arg(args, "--patients", 100);
        var amendCount = Arg(args, "--amend", 20);
        var retractCount = Arg(args, "--retract", 10);
        var samples = Arg(args, "--samples", 10);
        var cron = ArgText(args, "--sweep-cron") ?? "* * * * *";
        var spreadSeconds = args.Contains("--spread-s") ? Arg(args, "--spread-s", 180) : (int?)null;

        var (amended, retracted, rescoredP95, allReflected) = await FollowTheRecordAsync(patients, amendCount, retractCount);
        var safety = await SafetyAlertBench.RunAsync(cron, samples, spreadSeconds);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lifecycle-bench: amended={amended} rescored_s_p95={rescoredP95:0.0} retracted={retracted} safety_alert_s_p95={safety.P95Seconds:0.0}"));
        return allReflected && safety.AllRaised ? 0 : 1;
    }

    private static async Task<(int Amended, int Retracted, double P95, bool AllReflected)> FollowTheRecordAsync(int patients, int amendCount, int retractCount)
    {
        var work = Directory.CreateTempSubdirectory("alliancefhir-lifecycle-bench-");
        try
        {
            var cohort = Path.Combine(work.FullName, "cohort");
            var written = CohortGenerator.WriteNdjson(new CohortOptions(Patients: patients), cohort);
            Console.WriteLine($"cohort: {patients} patients, {written.QuestionnaireResponses} QuestionnaireResponse lines");
            await using var ehr = await FhirServerProcess.StartAsync(FhirServerOptions.Default with { LoadFolder = cohort, StartTimeout = TimeSpan.FromMinutes(10) });
            using var host = ServiceHost.BuildWorker(new Dictionary<string, string?>
            {
                ["Source:FhirServer"] = ehr.BaseUrl,
                ["State:ConnectionString"] = $"Data Source={Path.Combine(work.FullName, "state.db")}",
                ["Ehr:PageSize"] = "1000",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            await host.StartAsync();
            var first = await RunCommand.RunOnceAsync(host.Services, "nightly-scoring", TimeSpan.FromMinutes(30), CancellationToken.None);
            Console.WriteLine($"first run: {first.Report}");

            // Scored responses whose total is final, and whose answers can be changed: an ordinal LOINC answer outside item 9.
            var scores = (await ehr.SearchAllAsync($"Observation?_count=1000&identifier={CanonicalUrls.ScoreIdentifierSystem}|"))
                .ToDictionary(o => ScoreIdentifier(o), o => o);
            var candidates = new List<(JsonObject Response, JsonElement Score)>();
            foreach (var response in await ehr.SearchAllAsync("QuestionnaireResponse?_count=1000"))
            {
                var id = response.GetProperty("id").GetString()!;
                if (scores.TryGetValue(ResourceIds.For("score", $"QuestionnaireResponse/{id}", "total"), out var score)
                    && score.GetProperty("status").GetString() == "final"
                    && JsonNode.Parse(response.GetRawText()) is JsonObject body && ChangeOneAnswer(body.DeepClone().AsObject()) is not null)
                    candidates.Add((body, score));
            }
            var picked = candidates.OrderBy(c => c.Response["id"]!.GetValue<string>(), StringComparer.Ordinal).Take(amendCount + retractCount).ToList();
            if (picked.Count < amendCount + retractCount)
                throw new InvalidOperationException($"only {picked.Count} scored responses can be changed; use more --patients");

            using var http = ehr.CreateHttpClient();
            var changedAt = new Dictionary<string, DateTimeOffset>();
            var expected = new Dictionary<string, (string Status, decimal? Value)>();
            for (var i = 0; i < picked.Count; i++)
            {
                var (body, score) = picked[i];
                var id = body["id"]!.GetValue<string>();
                if (i < amendCount)
                {
                    var delta = ChangeOneAnswer(body)!.Value;
                    body["status"] = "amended";
                    expected[id] = ("amended", score.GetProperty("valueQuantity").GetProperty("value").GetDecimal() + delta);
                }
                else
                {
                    body["status"] = "entered-in-error";
                    expected[id] = ("entered-in-error", null);
                }
                body.Remove("meta");
                (await http.PutAsync($"QuestionnaireResponse/{id}", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/fhir+json"))).EnsureSuccessStatusCode();
                changedAt[id] = DateTimeOffset.UtcNow;
            }

            var clock = Stopwatch.StartNew();
            var second = await RunCommand.RunOnceAsync(host.Services, "nightly-scoring", TimeSpan.FromMinutes(30), CancellationToken.None);
            Console.WriteLine($"second run ({clock.Elapsed.TotalSeconds:0.0} s): {second.Report}");
            await host.StopAsync();

            var delays = new List<double>();
            int amended = 0, retracted = 0;
            foreach (var (id, (status, value)) in expected)
            {
                var found = await ehr.SearchAllAsync($"Observation?identifier={CanonicalUrls.ScoreIdentifierSystem}|{ResourceIds.For("score", $"QuestionnaireResponse/{id}", "total")}");
                var current = found.Where(o => o.GetProperty("status").GetString() == status).ToList();
                var reflected = current.Count == 1 && found.Count(o => o.GetProperty("status").GetString() != "entered-in-error") == (status == "amended" ? 1 : 0)
                    && (value is null || current[0].GetProperty("valueQuantity").GetProperty("value").GetDecimal() == value);
                if (!reflected)
                {
                    Console.WriteLine($"not reflected: QuestionnaireResponse/{id} expected {status} {value}");
                    continue;
                }
                delays.Add((DateTimeOffset.UtcNow - changedAt[id]).TotalSeconds);
                if (status == "amended") amended++; else retracted++;
            }
            Console.WriteLine($"reflected after one run: {amended} of {amendCount} amendments, {retracted} of {retractCount} retractions");
            return (amended, retracted, P95(delays), amended == amendCount && retracted == retractCount);
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { } // SQLite may hold the file a moment longer
        }
    }

    /// <summary>Changes the first ordinal LOINC answer outside item 9 by one step (3 becomes 0); the change in the total, or null when none.</summary>
    private static int? ChangeOneAnswer(JsonObject node)
    {
        if (node["item"] is not JsonArray items) return null;
        foreach (var item in items.OfType<JsonObject>())
        {
            var linkId = item["linkId"]?.GetValue<string>() ?? "";
            var isItem9 = linkId is "9" || linkId.EndsWith("44260-8", StringComparison.Ordinal);
            if (!isItem9 && item["answer"] is JsonArray answers)
                foreach (var answer in answers.OfType<JsonObject>())
                    if (answer["valueCoding"] is JsonObject coding && Array.IndexOf(Ordinal, coding["code"]?.GetValue<string>()) is var at and >= 0)
                    {
                        var to = at == 3 ? 0 : at + 1;
                        coding["code"] = Ordinal[to];
                        coding.Remove("display");
                        return to - at;
                    }
            if (ChangeOneAnswer(item) is { } nested) return nested;
        }
        return null;
    }

    private static string ScoreIdentifier(JsonElement observation) =>
        observation.GetProperty("identifier").EnumerateArray()
            .First(i => i.GetProperty("system").GetString() == CanonicalUrls.ScoreIdentifierSystem).GetProperty("value").GetString()!;

    internal static double P95(List<double> values)
    {
        if (values.Count == 0) return double.NaN;
        values.Sort();
        return values[(int)Math.Ceiling(0.95 * values.Count) - 1];
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string? ArgText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
