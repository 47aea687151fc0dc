using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Alerts.Lifecycle;
using AllianceFhir.Core.Trajectories;
using AllianceFhir.CdsHooks;
using AllianceFhir.Service.Hosting;
using AllianceFhir.State;
using AllianceFhir.Service.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.Bench;

/// <summary>
/// CDS Hooks patient-view latency: the store (SQLite file by default) holds alert and score data for N patients, a real
/// Kestrel host answers signed calls over HTTP, each with a prefetched Bundle of recent PHQ-9 responses scored on
/// the fly. Calls go one after another (a chart opening is one call); p95 of the client-side wall time is reported.
/// </summary>
public static class CdsBench
{
    internal const string Issuer = "https://bench-ehr.example.org";

    public static async Task<int> RunAsync(string[] args)
    {
        var patients = Arg(args, "--patients", 10_000);
        var calls = Arg(args, "--calls", 1_000);
        var p95 = await MeasureP95Async(patients, calls);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cds-bench: patients={patients} calls={calls} cds_p95_ms={p95:0.0}"));
        return p95 <= 500 ? 0 : 1;
    }

    /// <summary>p95 in milliseconds of <paramref name="calls"/> signed patient-view calls against a store of <paramref name="patients"/> patients.</summary>
    public static async Task<double> MeasureP95Async(int patients, int calls)
    {
        var work = Directory.CreateTempSubdirectory("alliancefhir-cds-bench-");
        using var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "bench-rs384" };
        try
        {
            var port = FreePort();
            var baseUrl = $"http://127.0.0.1:{port}";
            var app = ServiceHost.BuildWeb(new Dictionary<string, string?>
            {
                ["urls"] = baseUrl,
                ["CdsHooks:PublicBaseUrl"] = baseUrl,
                ["State:ConnectionString"] = $"Data Source={Path.Combine(work.FullName, "state.db")}",
                ["CdsHooks:Clients:0:Issuer"] = Issuer,
                ["CdsHooks:Clients:0:Jwks"] = Jwks(rsa, key.KeyId),
                ["Logging:LogLevel:Default"] = "Warning",
            });
            await using (app)
            {
                app.MapServiceWeb();
                app.MapCdsHooks();
                await SeedAsync(app.Services, patients);
                await app.StartAsync();

                var serviceUrl = $"{baseUrl}/cds-services/{PatientViewService.ServiceId}";
                using var http = new HttpClient();
                var random = new Random(20261123);
                var signer = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
                var times = new List<double>(calls);
                for (var i = -20; i < calls; i++) // 20 warm-up calls, not counted
                {
                    var patient = $"bench-{random.Next(patients):D5}";
                    using var request = new HttpRequestMessage(HttpMethod.Post, serviceUrl)
                    {
                        Content = new StringContent(Body(patient, random), Encoding.UTF8, "application/json"),
                    };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(signer, key, serviceUrl));
                    var clock = Stopwatch.StartNew();
                    using var response = await http.SendAsync(request);
                    await response.Content.ReadAsStringAsync();
                    clock.Stop();
                    if (response.StatusCode != HttpStatusCode.OK)
                        throw new InvalidOperationException($"patient-view answered {(int)response.StatusCode}");
                    if (i >= 0) times.Add(clock.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                return times[(int)Math.Ceiling(0.95 * times.Count) - 1];
            }
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { } // SQLite may hold the file a moment longer
        }
    }

    /// <summary>Per patient: 8 PHQ-9 and 8 SRS scores, a not-on-track alert for one in three, a rupture (half repaired) for one in four.</summary>
    private static async Task SeedAsync(IServiceProvider services, int patients)
    {
        var points = services.GetRequiredService<ScorePointStore>();
        var alerts = services.GetRequiredService<PatientAlertStore>();
        var start = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var now = DateTimeOffset.UtcNow;
        foreach (var chunk in Enumerable.Range(0, patients).Chunk(1_000))
        {
            var scorePoints = new List<(SeriesKey, ScorePoint)>();
            var patientAlerts = new List<PatientAlert>();
            var resolved = new List<(string, DateTimeOffset)>();
            foreach (var n in chunk)
            {
                var patient = $"Patient/bench-{n:D5}";
                for (var s = 0; s < 8; s++)
                {
                    var when = start.AddDays(7 * s);
                    scorePoints.Add((new SeriesKey(patient, "phq-9", "total"), new ScorePoint(when, 18 - s, $"Observation/p{n}-{s}", $"qp{n}-{s}", true, false)));
                    scorePoints.Add((new SeriesKey(patient, "srs", "total"), new ScorePoint(when, 30 + s % 4, $"Observation/s{n}-{s}", $"qs{n}-{s}", true, false)));
                }
                var at = start.AddDays(49);
                if (n % 3 == 0)
                    patientAlerts.Add(PatientAlert.From(new AlertIntent(AlertKind.NotOnTrack, $"not-on-track|{patient}|phq-9|total|{at:O}", patient, "not-on-track",
                        "Not on track", AlertPriority.Routine, "PHQ-9 is 11 at session 8, expected about 7: consider reviewing the plan with the client.",
                        "Started at 18; clients starting there are typically near 7 by session 8.", at, []), "phq-9|total", now, $"flag-n{n}"));
                if (n % 4 == 0)
                {
                    var key = $"rupture|{patient}|srs|total|{at:O}";
                    patientAlerts.Add(PatientAlert.From(new AlertIntent(AlertKind.AllianceRupture, key, patient, "alliance-rupture",
                        "Alliance rupture", AlertPriority.Routine, "SRS fell from 33 to 30 at session 8: consider checking in with the client.",
                        "The client's SRS rating dropped at session 8.", at, []), "srs|total", now, $"flag-r{n}"));
                    if (n % 8 == 0) resolved.Add((key, now));
                }
            }
            await points.AddAsync(scorePoints, CancellationToken.None);
            await alerts.RecordAsync(patientAlerts, CancellationToken.None);
            foreach (var (key, at) in resolved)
                await alerts.TransitionAsync(key, new AlertStep(AlertState.Resolved, PatientAlertStore.Service, at, "rupture repaired"), "service", CancellationToken.None);
        }
    }

    /// <summary>A patient-view call with the prefetched Bundle of the patient's 3 most recent PHQ-9s (item 9 positive in one call of 20).</summary>
    private static string Body(string patient, Random random)
    {
        string[] la = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"];
        var positive = random.Next(20) == 0;
        var entries = Enumerable.Range(0, 3).Select(r =>
        {
            var items = string.Join(",", Enumerable.Range(1, 9).Select(i =>
                $"{{\"linkId\":\"{i}\",\"answer\":[{{\"valueCoding\":{{\"system\":\"http://loinc.org\",\"code\":\"{la[i == 9 ? (positive && r == 0 ? 1 : 0) : 1]}\"}}}}]}}"));
            return $"{{\"resource\":{{\"resourceType\":\"QuestionnaireResponse\",\"id\":\"{patient}-q{r}\",\"status\":\"completed\"," +
                   $"\"questionnaire\":\"https://alliancefhir.org/fhir/Questionnaire/phq-9\",\"subject\":{{\"reference\":\"Patient/{patient}\"}}," +
                   $"\"authored\":\"{DateTimeOffset.UtcNow.AddDays(-7 * r):yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"item\":[{items}]}}}}";
        });
        return $"{{\"hookInstance\":\"{Guid.NewGuid()}\",\"hook\":\"patient-view\",\"context\":{{\"userId\":\"Practitioner/bench\",\"patientId\":\"{patient}\"}}," +
               $"\"prefetch\":{{\"{PatientViewService.ResponsesKey}\":{{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{string.Join(",", entries)}]}}}}}}";
    }

    internal static string Token(JsonWebTokenHandler signer, SecurityKey key, string audience)
    {
        var now = DateTime.UtcNow;
        return signer.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = now,
            Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["jti"] = Guid.NewGuid().ToString() },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha384),
        });
    }

    internal static string Jwks(RSA rsa, string kid)
    {
        var p = rsa.ExportParameters(false);
        return JsonSerializer.Serialize(new { keys = new[] { new { kty = "RSA", kid, alg = "RS384", use = "sig", n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) } } });
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
