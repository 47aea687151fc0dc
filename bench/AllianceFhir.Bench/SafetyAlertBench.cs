using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Resources;
using AllianceFhir.FhirServer;
using AllianceFhir.Service.Hosting;

namespace AllianceFhir.Bench;

/// <summary>
/// safety_alert_s (issue 9 §8): <c>serve</c> runs as its own process (the service's program, beside this one) with
/// <c>Jobs:SafetySweepCron</c> as given; K positive-item-9 PHQ-9 responses are PUT into the test FHIR server at random
/// moments over the spread (by default three sweep intervals, at least 3 minutes), and the server is polled every
/// second for each one's safety Flag. A delay runs from the PUT's answer to the Flag's first read.
/// </summary>
public static class SafetyAlertBench
{
    public sealed record Result(double P95Seconds, bool AllRaised);

    public static async Task<Result> RunAsync(string cron, int samples, int? spreadSeconds)
    {
        var interval = SafetySweepSchedule.Interval(cron, TimeZoneInfo.Utc, DateTimeOffset.UtcNow)
            ?? throw new ArgumentException($"sweep cron '{cron}' never fires");
        var spread = TimeSpan.FromSeconds(spreadSeconds ?? Math.Max(180, 3 * interval.TotalSeconds));
        var timeout = interval + TimeSpan.FromMinutes(2);
        var work = Directory.CreateTempSubdirectory("alliancefhir-safety-bench-");
        await using var ehr = await FhirServerProcess.StartAsync();
        using var serve = StartServe(ehr.BaseUrl, cron, Path.Combine(work.FullName, "state.db"), out var serviceUrl);
        try
        {
            await WaitReadyAsync(serve, serviceUrl);
            using var http = ehr.CreateHttpClient();
            var random = new Random(20261209);
            var moments = Enumerable.Range(0, samples).Select(_ => TimeSpan.FromSeconds(random.NextDouble() * spread.TotalSeconds)).Order().ToList();
            var posted = new ConcurrentDictionary<string, DateTimeOffset>();
            var delays = new ConcurrentDictionary<string, double>();
            var start = Stopwatch.StartNew();
            Console.WriteLine($"safety: serve running with Jobs:SafetySweepCron='{cron}' (every {interval.TotalSeconds:0} s); {samples} responses over {spread.TotalSeconds:0} s");

            var poster = Task.Run(async () =>
            {
                for (var i = 0; i < moments.Count; i++)
                {
                    var wait = moments[i] - start.Elapsed;
                    if (wait > TimeSpan.Zero) await Task.Delay(wait);
                    var patient = $"safety-bench-{i:D3}";
                    var id = $"qr-safety-bench-{i:D3}";
                    await PutAsync(http, $"Patient/{patient}", $$"""{"resourceType":"Patient","id":"{{patient}}","birthDate":"2001-05-01"}""");
                    await PutAsync(http, $"QuestionnaireResponse/{id}", Phq9(id, patient));
                    posted[id] = DateTimeOffset.UtcNow;
                }
            });

            var deadline = spread + timeout;
            while (start.Elapsed < deadline && (delays.Count < samples))
            {
                foreach (var (id, at) in posted.Where(p => !delays.ContainsKey(p.Key)).ToList())
                {
                    var alert = ResourceIds.For("alert", $"safety|QuestionnaireResponse/{id}");
                    var flags = await ehr.SearchAllAsync($"Flag?identifier={CanonicalUrls.AlertIdentifierSystem}|{alert}");
                    if (flags.Count > 0) delays[id] = (DateTimeOffset.UtcNow - at).TotalSeconds;
                }
                if (serve.HasExited) throw new InvalidOperationException($"serve exited with {serve.ExitCode}");
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
            await poster;
            var values = delays.Values.ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"safety: {values.Count} of {samples} alerts readable; delays s: {string.Join(" ", values.Order().Select(v => v.ToString("0", CultureInfo.InvariantCulture)))}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"safety sweep interval: {interval.TotalSeconds:0} s (Jobs:SafetySweepCron='{cron}'); default '*/5 * * * *' is 300 s"));
            return new Result(LifecycleBench.P95(values), values.Count == samples);
        }
        finally
        {
            if (!serve.HasExited) serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
            try { work.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static Process StartServe(string fhirBaseUrl, string cron, string stateFile, out string serviceUrl)
    {
        serviceUrl = $"http://127.0.0.1:{FreePort()}";
        var program = Path.Combine(AppContext.BaseDirectory, "AllianceFhir.Service.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { program, "serve", "--urls", serviceUrl }) info.ArgumentList.Add(arg);
        info.Environment["Source__FhirServer"] = fhirBaseUrl;
        info.Environment["State__ConnectionString"] = $"Data Source={stateFile}";
        info.Environment["Jobs__SafetySweepCron"] = cron;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start serve");
        process.OutputDataReceived += (_, _) => { }; // drained, not shown: logs stay out of the bench output
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"serve: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(Process serve, string serviceUrl)
    {
        using var http = new HttpClient();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (serve.HasExited) throw new InvalidOperationException($"serve exited with {serve.ExitCode}");
            try
            {
                if ((await http.GetAsync($"{serviceUrl}/health/live")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(500);
        }
        throw new TimeoutException("serve did not answer /health/live within 2 minutes");
    }

    private static async Task PutAsync(HttpClient http, string path, string json) =>
        (await http.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/fhir+json"))).EnsureSuccessStatusCode();

    /// <summary>A completed PHQ-9, item 9 "several days" (1): positive.</summary>
    private static string Phq9(string id, string patient)
    {
        string[] la = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"];
        var items = string.Join(",", Enumerable.Range(1, 9).Select(i =>
            "{\"linkId\":\"" + i + "\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"" + la[1] + "\"}}]}"));
        var authored = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $$"""
            {"resourceType":"QuestionnaireResponse","id":"{{id}}","status":"completed","questionnaire":"https://alliancefhir.org/fhir/Questionnaire/phq-9",
             "subject":{"reference":"Patient/{{patient}}"},"authored":"{{authored}}","item":[{{items}}]}
            """;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
