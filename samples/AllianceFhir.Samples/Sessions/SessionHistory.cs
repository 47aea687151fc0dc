using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AllianceFhir.Samples.Sessions;

/// <summary>
/// A patient with a long course of weekly sessions (PHQ-9, GAD-7 and WAI-SR each session) as QuestionnaireResponses
/// built from the Questionnaires in profiles/ (answer codings with their ordinals), for the SMART app's tests and
/// bench. Item answers are spread so each response sums to the total asked for; the numbers come from the caller,
/// so a test states the expected scores itself.
/// </summary>
public static class SessionHistory
{
    public static readonly DateTimeOffset DefaultStart = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    /// <summary>PHQ-9 18 at intake falling by 1 a session to 9 (session 10), then 9.</summary>
    public static int Phq9(int session) => Math.Max(9, 19 - session);

    /// <summary>GAD-7 14 at intake falling by 1 a session to 6 (session 9), then 6.</summary>
    public static int Gad7(int session) => Math.Max(6, 15 - session);

    /// <summary>WAI-SR total 48, a dip to 38 at session 6 and 42 at session 7, back to 48 at session 8 (a rupture and its repair).</summary>
    public static int WaiSr(int session) => session switch { 6 => 38, 7 => 42, _ => 48 };

    /// <summary>The Patient and its QuestionnaireResponses, as FHIR JSON objects.</summary>
    public static List<JsonObject> Build(string patientId, int sessions, Func<int, int>? phq9 = null, Func<int, int>? gad7 = null, Func<int, int>? waiSr = null,
        DateTimeOffset? start = null)
    {
        var forms = new Dictionary<string, Form>
        {
            ["phq-9"] = Form.Load("phq-9"),
            ["gad-7"] = Form.Load("gad-7"),
            ["wai-sr"] = Form.Load("wai-sr"),
        };
        var resources = new List<JsonObject> { Patient(patientId) };
        for (var s = 1; s <= sessions; s++)
        {
            var when = (start ?? DefaultStart).AddDays(7 * (s - 1));
            resources.Add(forms["phq-9"].Response(patientId, (phq9 ?? Phq9)(s), when));
            resources.Add(forms["gad-7"].Response(patientId, (gad7 ?? Gad7)(s), when.AddMinutes(5)));
            resources.Add(forms["wai-sr"].Response(patientId, (waiSr ?? WaiSr)(s), when.AddMinutes(50)));
        }
        return resources;
    }

    /// <summary>One completed response to a catalogue Questionnaire (e.g. "phq-9") whose items sum to <paramref name="total"/>.</summary>
    public static JsonObject Response(string instrumentId, string patientId, int total, DateTimeOffset when, int? safetyAnswer = null) =>
        Form.Load(instrumentId).Response(patientId, total, when, safetyAnswer);

    /// <summary>Writes the resources in one transaction (the Patient keeps its id; responses get server ids).</summary>
    public static async Task LoadAsync(HttpClient fhir, IEnumerable<JsonObject> resources, CancellationToken ct = default)
    {
        var entries = new JsonArray();
        foreach (var r in resources)
        {
            var type = r["resourceType"]!.GetValue<string>();
            var id = r["id"]?.GetValue<string>();
            entries.Add(new JsonObject
            {
                ["resource"] = r.DeepClone(),
                ["request"] = id is null ? new JsonObject { ["method"] = "POST", ["url"] = type } : new JsonObject { ["method"] = "PUT", ["url"] = $"{type}/{id}" },
            });
        }
        var bundle = new JsonObject { ["resourceType"] = "Bundle", ["type"] = "transaction", ["entry"] = entries };
        using var content = new StringContent(bundle.ToJsonString(), Encoding.UTF8, "application/fhir+json");
        using var response = await fhir.PostAsync("", content, ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"loading the session history failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }

    /// <summary>The repository's profiles/ folder, found by walking up from the app (the bench and the tests run inside a checkout).</summary>
    private static readonly Lazy<string> ProfilesFolder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var profiles = Path.Combine(dir.FullName, "profiles");
            if (File.Exists(Path.Combine(profiles, "Questionnaire-phq-9.json"))) return profiles;
        }
        throw new DirectoryNotFoundException($"No profiles/Questionnaire-phq-9.json above {AppContext.BaseDirectory}: session histories are built from the repository's Questionnaires.");
    });

    private static JsonObject Patient(string id) => new()
    {
        ["resourceType"] = "Patient",
        ["id"] = id,
        ["identifier"] = new JsonArray(new JsonObject { ["system"] = "https://alliancefhir.org/fhir/sid/synthetic-mrn", ["value"] = "SYN-" + id.ToUpperInvariant() }),
        ["name"] = new JsonArray(new JsonObject { ["use"] = "official", ["family"] = "Longcourse", ["given"] = new JsonArray("Alex") }),
        ["gender"] = "other",
        ["birthDate"] = "2004-03-15",
    };

    private sealed record Form(string Url, string Version, IReadOnlyList<(string LinkId, SortedDictionary<int, JsonNode> Answers)> Items, int SafetyIndex)
    {
        public static Form Load(string id)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ProfilesFolder.Value, $"Questionnaire-{id}.json")));
            var root = doc.RootElement;
            var items = new List<(string, SortedDictionary<int, JsonNode>)>();
            var safety = -1;
            foreach (var item in root.GetProperty("item").EnumerateArray())
            {
                var scored = item.TryGetProperty("extension", out var ext) && ext.EnumerateArray().Any(e => e.GetProperty("url").GetString()!.EndsWith("/subscale", StringComparison.Ordinal));
                if (!scored || !item.TryGetProperty("answerOption", out var options)) continue;
                var answers = new SortedDictionary<int, JsonNode>();
                foreach (var option in options.EnumerateArray())
                {
                    var ordinal = option.GetProperty("extension").EnumerateArray().First(e => e.GetProperty("url").GetString()!.EndsWith("/ordinalValue", StringComparison.Ordinal)).GetProperty("valueDecimal").GetDecimal();
                    answers[(int)ordinal] = JsonNode.Parse(option.GetProperty("valueCoding").GetRawText())!;
                }
                if (ext.EnumerateArray().Any(e => e.GetProperty("url").GetString()!.EndsWith("/safety-signal", StringComparison.Ordinal))) safety = items.Count;
                items.Add((item.GetProperty("linkId").GetString()!, answers));
            }
            return new Form(root.GetProperty("url").GetString()!, root.GetProperty("version").GetString()!, items, safety);
        }

        /// <summary>
        /// A completed response whose item ordinals sum to <paramref name="total"/>, spread as evenly as the scale allows;
        /// the safety item (PHQ-9 item 9) stays at its lowest answer unless <paramref name="safetyAnswer"/> is given.
        /// </summary>
        public JsonObject Response(string patientId, int total, DateTimeOffset when, int? safetyAnswer = null)
        {
            var min = Items[0].Answers.Keys.First();
            var max = Items[0].Answers.Keys.Last();
            if (total < min * Items.Count || total > max * Items.Count) throw new ArgumentOutOfRangeException(nameof(total), total, $"{Url}: outside {min * Items.Count}..{max * Items.Count}");
            var values = Enumerable.Repeat(min, Items.Count).ToArray();
            var rest = total - min * Items.Count;
            if (SafetyIndex >= 0 && safetyAnswer is { } a) { values[SafetyIndex] = a; rest -= a - min; }
            while (rest > 0)
            {
                var before = rest;
                for (var i = 0; i < values.Length && rest > 0; i++)
                    if (i != SafetyIndex && values[i] < max) { values[i]++; rest--; }
                if (rest == before) throw new ArgumentOutOfRangeException(nameof(total), total, $"{Url}: cannot reach the total with the safety answer fixed");
            }
            var items = new JsonArray();
            for (var i = 0; i < Items.Count; i++)
                items.Add(new JsonObject { ["linkId"] = Items[i].LinkId, ["answer"] = new JsonArray(new JsonObject { ["valueCoding"] = Items[i].Answers[values[i]].DeepClone() }) });
            return new JsonObject
            {
                ["resourceType"] = "QuestionnaireResponse",
                ["questionnaire"] = $"{Url}|{Version}",
                ["status"] = "completed",
                ["subject"] = new JsonObject { ["reference"] = $"Patient/{patientId}" },
                ["authored"] = when.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["item"] = items,
            };
        }
    }
}
