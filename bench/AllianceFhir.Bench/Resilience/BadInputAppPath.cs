using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AllianceFhir.Smart.Features;
using AllianceFhir.Smart.Features.Questionnaires;
using AllianceFhir.Smart.Session;
using AllianceFhir.FhirServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AllianceFhir.Bench.Resilience;

/// <summary>
/// Bad input through the SMART app's response endpoint (the POST that saves a QuestionnaireResponse), the app in-process
/// on Kestrel with a launched session onto the test FHIR server. Per kind: no 500 (crash); a refused body answers the
/// expected status with an OperationOutcome whose error says why (reported), with the next steps exactly when its item
/// 9 is above 0 (otherwise invented, or lost); after all kinds a valid PHQ-9 with item 9 = 3 is still saved with its
/// safety alert (lost).
/// </summary>
internal static class BadInputAppPath
{
    private const string PatientId = "bench-bad-app";

    private static string Lhc(string? items = null) =>
        BadInputStage.Response("x", PatientId, items).Replace("\"id\":\"x\",", "").Replace("\"subject\":{\"reference\":\"Patient/" + PatientId + "\"},", "");

    private const string Coding1 = "{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6569-3\"}}";

    private static readonly (string Name, Func<byte[]> Body, HttpStatusCode Status, bool NextSteps)[] Kinds =
    [
        ("truncated JSON", () => BadInputStage.U(Lhc()[..80]), HttpStatusCode.BadRequest, false),
        ("byte order mark", () => [0xEF, 0xBB, 0xBF, .. BadInputStage.U(Lhc())], HttpStatusCode.OK, false),
        ("CRLF", () => BadInputStage.U(Lhc().Replace(",", ",\r\n")), HttpStatusCode.OK, false),
        ("NUL byte", () => BadInputStage.U(Lhc().Replace("completed", "comp\0leted")), HttpStatusCode.BadRequest, false),
        ("invalid UTF-8", () => [.. BadInputStage.U(Lhc()[..40]), 0xC3, 0x28, 0xFF, .. BadInputStage.U(Lhc()[40..])], HttpStatusCode.BadRequest, false),
        ("50 MB body, item 9 = 3", () => BadInputStage.U(Lhc(BadInputStage.Items("LA6571-9")).Replace("\"status\"", "\"text\":{\"status\":\"generated\",\"div\":\"" + new string('x', 50_000_000) + "\"},\"status\"")), HttpStatusCode.RequestEntityTooLarge, false),
        ("10,000-deep nesting", () => BadInputStage.U(Lhc().Replace("\"status\"", "\"x\":" + new string('[', 10_000) + new string(']', 10_000) + ",\"status\"")), HttpStatusCode.BadRequest, false),
        ("empty body", () => [], HttpStatusCode.BadRequest, false),
        ("JSON array", () => BadInputStage.U("[" + Lhc() + "]"), HttpStatusCode.BadRequest, false),
        ("resourceType Foo", () => BadInputStage.U(Lhc().Replace("\"QuestionnaireResponse\"", "\"Foo\"")), HttpStatusCode.BadRequest, false),
        ("unknown element, item 9 = 3", () => BadInputStage.U(Lhc(BadInputStage.Items("LA6571-9")).Replace("\"status\"", "\"colour\":\"blue\",\"status\"")), HttpStatusCode.BadRequest, true),
        ("wrong answer type", () => BadInputStage.U(Lhc().Replace(Coding1, "{\"valueString\":\"often\"}")), HttpStatusCode.BadRequest, false),
        ("unknown answer code", () => BadInputStage.U(Lhc().Replace("LA6569-3", "LA0000-0")), HttpStatusCode.BadRequest, false),
        ("out-of-range decimal", () => BadInputStage.U(Lhc().Replace(Coding1, "{\"valueDecimal\":1e400}")), HttpStatusCode.BadRequest, false),
        ("integer answer 99", () => BadInputStage.U(Lhc().Replace(Coding1, "{\"valueInteger\":99}")), HttpStatusCode.BadRequest, false),
        ("item 9 twice (0 and 2)", () => BadInputStage.U(Lhc().Replace("]}]}", "]},{\"linkId\":\"9\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6570-1\"}}]}]}")), HttpStatusCode.BadRequest, true),
        ("no items", () => BadInputStage.U(Lhc()[..Lhc().IndexOf("\"item\"", StringComparison.Ordinal)] + "\"item\":[]}"), HttpStatusCode.BadRequest, false),
        ("unknown questionnaire (read as the form's ?instrument=)", () => BadInputStage.U(Lhc().Replace("https://alliancefhir.org/fhir/Questionnaire/phq-9", "https://example.org/Questionnaire/nope")), HttpStatusCode.OK, false),
        ("entered-in-error, item 9 = 3", () => BadInputStage.U(Lhc(BadInputStage.Items("LA6571-9")).Replace("\"completed\"", "\"entered-in-error\"")), HttpStatusCode.BadRequest, false),
        ("subject a Group (the launch patient is used)", () => BadInputStage.U(Lhc().Replace("\"status\"", "\"subject\":{\"reference\":\"Group/g1\"},\"status\"")), HttpStatusCode.OK, false),
        ("authored year 9999 (the app sets authored)", () => BadInputStage.U(Lhc().Replace("2026-02-27T11:02:28Z", "9999-12-31T00:00:00Z")), HttpStatusCode.OK, false),
    ];

    public static async Task<BadInputStage.PathResult> RunAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var ehr = await FhirServerProcess.StartAsync();
        using (var fhir = ehr.CreateHttpClient()) await AllianceFhir.Samples.Sessions.SessionHistory.LoadAsync(fhir, AllianceFhir.Samples.Sessions.SessionHistory.Build(PatientId, 0));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSmartFeatures();
        await using var app = builder.Build();
        using var session = new SmartBench.BenchSession(ehr.BaseUrl, PatientId);
        app.Use((context, next) =>
        {
            context.Features.Set<ISmartSession>(session);
            return next(context);
        });
        app.MapGroup("/api/patients/{patientId}").MapSmartFeatures(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address + "/"), Timeout = TimeSpan.FromMinutes(2) };

        int crashes = 0, lost = 0, invented = 0;
        var unreported = new List<string>();
        foreach (var (name, body, status, nextSteps) in Kinds)
        {
            try
            {
                using var response = await PostAsync(client, body(), "bad-" + name);
                if ((int)response.StatusCode >= 500)
                {
                    crashes++;
                    unreported.Add($"app: {name} (answered {(int)response.StatusCode})");
                    continue;
                }
                if (response.StatusCode != status) unreported.Add($"app: {name} (answered {(int)response.StatusCode}; expected {(int)status})");
                if (response.StatusCode == HttpStatusCode.OK) continue;
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var issues = json.RootElement.TryGetProperty("issue", out var list) ? list.EnumerateArray().ToList() : [];
                if (!issues.Any(i => i.GetProperty("severity").GetString() == "error" && i.TryGetProperty("diagnostics", out _)))
                    unreported.Add($"app: {name} (no OperationOutcome error saying why)");
                var steps = issues.Any(i => i.TryGetProperty("details", out var d) && d.GetProperty("text").GetString() == ResponseEndpoint.NextStepsCode);
                if (steps && !nextSteps) { invented++; unreported.Add($"app: {name} (next steps invented)"); }
                if (!steps && nextSteps) { lost++; unreported.Add($"app: {name} (next steps lost)"); }
            }
            catch (HttpRequestException) when (status == HttpStatusCode.RequestEntityTooLarge)
            {
                // Refused unread: the server stopped reading at its limit and closed before the client sent it all
                // (nothing is written; the valid submission after the kinds checks the path still works).
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException or IOException)
            {
                crashes++;
                unreported.Add($"app: {name} (crashed: {e.GetType().Name})");
            }
        }
        // Nothing valid lost: a positive PHQ-9 after the bad bodies is saved with its safety alert.
        using (var valid = await PostAsync(client, BadInputStage.U(Lhc(BadInputStage.Items("LA6571-9"))), "valid-after-bad"))
        {
            var ok = valid.StatusCode == HttpStatusCode.OK
                && JsonDocument.Parse(await valid.Content.ReadAsStringAsync()).RootElement.GetProperty("safety").GetProperty("alertWritten").GetBoolean();
            if (!ok) { lost++; unreported.Add($"app: a valid positive response after the bad ones was not saved with its alert ({(int)valid.StatusCode})"); }
        }
        return new BadInputStage.PathResult("app", Kinds.Length, crashes, lost, invented, unreported, clock.Elapsed.TotalSeconds);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/patients/{PatientId}/responses?instrument=phq-9") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        request.Headers.Add("Idempotency-Key", key.Length <= 200 ? key : key[..200]);
        return await client.SendAsync(request);
    }
}
