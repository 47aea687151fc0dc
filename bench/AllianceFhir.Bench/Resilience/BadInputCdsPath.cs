using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using AllianceFhir.CdsHooks;
using AllianceFhir.Service.Hosting;
using AllianceFhir.State;
using AllianceFhir.Service.Web;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.Bench.Resilience;

/// <summary>
/// Bad input through the CDS Hooks <c>patient-view</c> call, signed as an EHR would, on the service's Kestrel host. Per
/// kind: no 500 (crash); a refused call answers the expected status with <c>error</c> and <c>error_description</c>
/// (reported); the valid PHQ-9 with item 9 = 3 beside a bad prefetched entry keeps its card (lost); no card for a
/// response that is not this patient's or not positive (invented).
/// </summary>
internal static class BadInputCdsPath
{
    private const string Patient = "pat-cds";

    private static string Body(string prefetch, string context = "{\"userId\":\"Practitioner/x\",\"patientId\":\"" + Patient + "\"}", string hook = "\"patient-view\"") =>
        "{\"hookInstance\":\"" + Guid.NewGuid() + "\",\"hook\":" + hook + ",\"context\":" + context + ",\"prefetch\":{\"responses\":" + prefetch + "}}";

    private static string Bundle(params string[] resources) =>
        "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[" + string.Join(",", resources.Select(r => "{\"resource\":" + r + "}")) + "]}";

    private static string Qr(string id, string patient, string? items = null) =>
        BadInputStage.Response(id, patient, items).Replace("\"Patient/" + patient + "\"", patient.Contains('/') ? "\"" + patient + "\"" : "\"Patient/" + patient + "\"");

    private static string Good => Qr("good-cds", Patient, BadInputStage.Items("LA6571-9"));

    private static readonly (string Name, Func<byte[]> Body, HttpStatusCode Status, string[] Cards)[] Kinds =
    [
        ("truncated JSON", () => BadInputStage.U(Body(Bundle(Good))[..60]), HttpStatusCode.BadRequest, []),
        ("byte order mark", () => [0xEF, 0xBB, 0xBF, .. BadInputStage.U(Body(Bundle(Good)))], HttpStatusCode.OK, ["good-cds"]),
        ("CRLF", () => BadInputStage.U(Body(Bundle(Good)).Replace(",", ",\r\n")), HttpStatusCode.OK, ["good-cds"]),
        ("NUL byte", () => BadInputStage.U(Body(Bundle(Good)).Replace("patient-view", "patient\0view")), HttpStatusCode.BadRequest, []),
        ("invalid UTF-8", () => [.. BadInputStage.U(Body(Bundle(Good))[..40]), 0xC3, 0x28, 0xFF, .. BadInputStage.U(Body(Bundle(Good))[40..])], HttpStatusCode.BadRequest, []),
        ("50 MB body", () => BadInputStage.U(Body(Bundle(Good)).Replace("\"status\":\"completed\"", "\"status\":\"completed\",\"text\":{\"status\":\"generated\",\"div\":\"" + new string('x', 50_000_000) + "\"}")), HttpStatusCode.RequestEntityTooLarge, []),
        ("10,000-deep nesting", () => BadInputStage.U(Body(Bundle(Good), "{\"userId\":\"Practitioner/x\",\"patientId\":\"" + Patient + "\",\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}")), HttpStatusCode.BadRequest, []),
        ("empty body", () => [], HttpStatusCode.BadRequest, []),
        ("JSON array", () => BadInputStage.U("[" + Body(Bundle(Good)) + "]"), HttpStatusCode.BadRequest, []),
        ("hook a number", () => BadInputStage.U(Body(Bundle(Good), hook: "42")), HttpStatusCode.BadRequest, []),
        ("other hook", () => BadInputStage.U(Body(Bundle(Good), hook: "\"order-select\"")), HttpStatusCode.BadRequest, []),
        ("no patientId", () => BadInputStage.U(Body(Bundle(Good), "{\"userId\":\"Practitioner/x\"}")), HttpStatusCode.BadRequest, []),
        ("patientId a reference", () => BadInputStage.U(Body(Bundle(Good), "{\"userId\":\"Practitioner/x\",\"patientId\":\"Patient/x\"}")), HttpStatusCode.BadRequest, []),
        ("context a string", () => BadInputStage.U(Body(Bundle(Good), "\"x\"")), HttpStatusCode.BadRequest, []),
        ("prefetch a string", () => BadInputStage.U(Body("\"x\"")), HttpStatusCode.BadRequest, []),
        ("prefetch an OperationOutcome", () => BadInputStage.U(Body("{\"resourceType\":\"OperationOutcome\",\"issue\":[]}")), HttpStatusCode.PreconditionFailed, []),
        ("prefetch entry unknown element, item 9 = 2", () => BadInputStage.U(Body(Bundle(Qr("bad-cds", Patient, BadInputStage.Items("LA6570-1")).Replace("\"status\"", "\"colour\":\"blue\",\"status\""), Good))), HttpStatusCode.OK, ["good-cds", "bad-cds"]),
        ("prefetch entry wrong answer type", () => BadInputStage.U(Body(Bundle(Qr("bad-cds", Patient).Replace("{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6569-3\"}}", "{\"valueString\":\"often\"}"), Good))), HttpStatusCode.OK, ["good-cds"]),
        ("prefetch entry 1e400 decimal", () => BadInputStage.U(Body(Bundle(Qr("bad-cds", Patient).Replace("{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6569-3\"}}", "{\"valueDecimal\":1e400}"), Good))), HttpStatusCode.OK, ["good-cds"]),
        ("prefetch entry another patient's, item 9 = 3", () => BadInputStage.U(Body(Bundle(Qr("bad-cds", "someone-else", BadInputStage.Items("LA6571-9")), Good))), HttpStatusCode.OK, ["good-cds"]),
        ("prefetch entry subject a Group, item 9 = 3", () => BadInputStage.U(Body(Bundle(Qr("bad-cds", "Group/g1", BadInputStage.Items("LA6571-9")), Good))), HttpStatusCode.OK, ["good-cds"]),
        ("prefetch entry year 9999, item 9 = 2", () => BadInputStage.U(Body(Bundle(Qr("bad-cds", Patient, BadInputStage.Items("LA6570-1")).Replace("2026-02-27T11:02:28Z", "9999-12-31T00:00:00Z"), Good))), HttpStatusCode.OK, ["good-cds", "bad-cds"]),
        ("prefetch duplicate id, different answers", () => BadInputStage.U(Body(Bundle(Qr("good-cds", Patient), Good))), HttpStatusCode.OK, ["good-cds"]),
        ("prefetch entry entered-in-error, item 9 = 3", () => BadInputStage.U(Body(Bundle(Qr("bad-cds", Patient, BadInputStage.Items("LA6571-9")).Replace("\"completed\"", "\"entered-in-error\""), Good))), HttpStatusCode.OK, ["good-cds"]),
    ];

    public static async Task<BadInputStage.PathResult> RunAsync(string work)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var folder = Directory.CreateDirectory(Path.Combine(work, "cds-bad")).FullName;
        using var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "bench-bad-input" };
        var baseUrl = $"http://127.0.0.1:{CdsBench.FreePort()}";
        var app = ServiceHost.BuildWeb(new Dictionary<string, string?>
        {
            ["urls"] = baseUrl,
            ["CdsHooks:PublicBaseUrl"] = baseUrl,
            ["State:ConnectionString"] = $"Data Source={Path.Combine(folder, "state.db")}",
            ["CdsHooks:Clients:0:Issuer"] = CdsBench.Issuer,
            ["CdsHooks:Clients:0:Jwks"] = CdsBench.Jwks(rsa, key.KeyId),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        int crashes = 0, lost = 0, invented = 0;
        var unreported = new List<string>();
        await using (app)
        {
            app.MapServiceWeb();
            app.MapCdsHooks();
            await app.StartAsync();
            var serviceUrl = $"{baseUrl}/cds-services/{PatientViewService.ServiceId}";
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
            var signer = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
            foreach (var (name, body, status, cards) in Kinds)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, serviceUrl) { Content = new ByteArrayContent(body()) };
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CdsBench.Token(signer, key, serviceUrl));
                    using var response = await http.SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    if ((int)response.StatusCode >= 500)
                    {
                        crashes++;
                        unreported.Add($"cds: {name} (answered {(int)response.StatusCode})");
                        continue;
                    }
                    using var json = JsonDocument.Parse(text);
                    if (response.StatusCode != status) unreported.Add($"cds: {name} (answered {(int)response.StatusCode}; expected {(int)status})");
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        if (!json.RootElement.TryGetProperty("error", out _) || !json.RootElement.TryGetProperty("error_description", out _))
                            unreported.Add($"cds: {name} (no CDS Hooks error body)");
                        if (cards.Length > 0) { lost++; unreported.Add($"cds: {name} (refused: safety card lost)"); }
                        continue;
                    }
                    var uuids = json.RootElement.GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("uuid").GetString() ?? "").ToHashSet();
                    var expected = cards.Select(c => CardIds.For($"safety|QuestionnaireResponse/{c}")).ToHashSet();
                    if (!expected.IsSubsetOf(uuids)) { lost++; unreported.Add($"cds: {name} (safety card lost)"); }
                    if (uuids.Except(expected).Any()) { invented++; unreported.Add($"cds: {name} (card invented)"); }
                }
                catch (HttpRequestException) when (status == HttpStatusCode.RequestEntityTooLarge)
                {
                    // Refused unread: the server stopped reading at its limit and closed before the client sent it all
                    // (the path still answers: the valid call after the kinds checks it).
                }
                catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException or IOException)
                {
                    crashes++;
                    unreported.Add($"cds: {name} (crashed: {e.GetType().Name})");
                }
            }
        }
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        return new BadInputStage.PathResult("cds-hooks", Kinds.Length, crashes, lost, invented, unreported, clock.Elapsed.TotalSeconds);
    }
}
