using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.Service.Scoring;

namespace AllianceFhir.Bench.Resilience;

/// <summary>
/// Bad input through all four paths (issue 10 §3). `score`: each kind as line 2 of an ndjson file between two valid
/// PHQ-9 responses (the second with item 9 answered above 0). Per kind: no crash; line 2 reported in issues.ndjson
/// (naming the line) unless the kind is one to accept or ignore; both valid responses scored and the safety alert for
/// the second raised once (lost); no safety alert for the bad line unless it has a positive item 9 (invented). The same
/// kinds through the nightly job (<see cref="BadInputNightlyPath"/>), and kinds of their own through the SMART app's
/// response endpoint (<see cref="BadInputAppPath"/>) and the CDS Hooks call (<see cref="BadInputCdsPath"/>).
/// </summary>
public static partial class BadInputStage
{
    public enum Expect { Report, Accept, Ignore, ReportOrAccept }

    public sealed record Kind(string Name, Expect Expect, Func<byte[]> Line, bool SafetyExpected = false);

    /// <summary>One path's count of kinds, crashes (a 500, an exception, a failed job), lost and invented safety alerts or valid results.</summary>
    public sealed record PathResult(string Path, int Kinds, int Crashes, int Lost, int Invented, IReadOnlyList<string> Unreported, double Seconds);

    /// <summary>The paths' sums; <see cref="PeakMb"/> is the bench process's peak working set (it also builds the 50 MB inputs).</summary>
    public sealed record Result(IReadOnlyList<PathResult> Paths, long PeakMb)
    {
        public int Kinds => Paths.Sum(p => p.Kinds);
        public int Crashes => Paths.Sum(p => p.Crashes);
        public int Lost => Paths.Sum(p => p.Lost);
        public int Invented => Paths.Sum(p => p.Invented);
        public IReadOnlyList<string> Unreported => Paths.SelectMany(p => p.Unreported).ToList();
        public double Seconds => Paths.Sum(p => p.Seconds);
        public string Describe => string.Join(", ", Paths.Select(p => $"{p.Path} {p.Kinds}"));
    }

    private const string Template = """{"resourceType":"QuestionnaireResponse","id":"ID","questionnaire":"https://alliancefhir.org/fhir/Questionnaire/phq-9","status":"completed","subject":{"reference":"Patient/PAT"},"authored":"2026-02-27T11:02:28Z","item":[ITEMS]}""";

    internal static string Items(string item9 = "LA6568-5") => string.Join(",", Enumerable.Range(1, 9).Select(i =>
        "{\"linkId\":\"" + i + "\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"" + (i == 9 ? item9 : "LA6569-3") + "\"}}]}"));

    internal static string Response(string id, string patient, string? items = null) =>
        Template.Replace("ID", id).Replace("PAT", patient).Replace("ITEMS", items ?? Items());

    internal static byte[] U(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>The valid responses around each bad line: the second with item 9 answered 2.</summary>
    internal static string GoodA => Response("good-a", "pat-a");

    internal static string GoodB => Response("good-b", "pat-b", Items("LA6570-1"));

    private static string Bad => Response("bad-x", "pat-x");

    private static byte[] Edit(Action<JsonObject> change)
    {
        var node = JsonNode.Parse(Bad)!.AsObject();
        change(node);
        return U(node.ToJsonString());
    }

    private static JsonArray ItemsOf(JsonObject o) => o["item"]!.AsArray();

    private static JsonObject Answer(JsonObject o, int linkId) => ItemsOf(o)[linkId - 1]!["answer"]![0]!.AsObject();

    public static IReadOnlyList<Kind> Kinds() =>
    [
        new("truncated JSON", Expect.Report, () => U(Bad[..(Bad.Length / 2)])),
        new("byte order mark", Expect.Accept, () => [0xEF, 0xBB, 0xBF, .. U(Bad)]),
        new("CRLF line end", Expect.Accept, () => U(Bad + "\r")),
        new("NUL byte", Expect.Report, () => U(Bad.Replace("\"completed\"", "\"comp\0leted\""))),
        new("invalid UTF-8", Expect.Report, () => [.. U(Bad[..40]), 0xC3, 0x28, 0xFF, .. U(Bad[40..])]),
        new("50 MB line", Expect.ReportOrAccept, () => Edit(o => o["text"] = new JsonObject { ["status"] = "generated", ["div"] = "<div xmlns=\"http://www.w3.org/1999/xhtml\">" + new string('x', 50_000_000) + "</div>" })),
        new("10,000-deep nesting", Expect.Report, () => U("{\"resourceType\":\"QuestionnaireResponse\",\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}")),
        new("empty object", Expect.Report, () => U("{}")),
        new("JSON array", Expect.Report, () => U("[" + Bad + "]")),
        new("JSON string", Expect.Report, () => U("\"QuestionnaireResponse\"")),
        new("JSON null", Expect.Report, () => U("null")),
        new("resourceType Foo", Expect.Report, () => Edit(o => o["resourceType"] = "Foo")),
        new("no resourceType", Expect.Report, () => Edit(o => o.Remove("resourceType"))),
        new("other resource type (Patient)", Expect.Ignore, () => U("""{"resourceType":"Patient","id":"pat-x"}""")),
        new("duplicate id, different answers", Expect.Report, () => U(Response("good-a", "pat-a", Items("LA6569-3").Replace("LA6569-3", "LA6571-9")))),
        new("wrong answer type (string)", Expect.Report, () => U(ReplaceFirst(Bad, "{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6569-3\"}}", "{\"valueString\":\"often\"}"))),
        new("unknown answer code", Expect.Report, () => U(Bad.Replace("LA6569-3", "LA0000-0"))),
        new("out-of-range decimal", Expect.Report, () => U(Bad.Replace("{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6569-3\"}}", "{\"valueDecimal\":1e400}"))),
        new("integer answer out of range", Expect.Report, () => U(Bad.Replace("{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6569-3\"}}", "{\"valueInteger\":99}"))),
        new("negative decimal answer", Expect.Report, () => U(Bad.Replace("{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6569-3\"}}", "{\"valueDecimal\":-3.5}"))),
        new("integer as a string", Expect.Report, () => U(Bad.Replace("{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6569-3\"}}", "{\"valueInteger\":\"2\"}"))),
        new("no subject", Expect.Report, () => Edit(o => o.Remove("subject"))),
        new("subject a Group", Expect.Report, () => Edit(o => o["subject"] = new JsonObject { ["reference"] = "Group/g1" })),
        new("subject on another server", Expect.ReportOrAccept, () => Edit(o => o["subject"] = new JsonObject { ["reference"] = "https://other.example/fhir/Patient/pat-x" })),
        new("authored year 9999", Expect.Report, () => Edit(o => o["authored"] = "9999-12-31T00:00:00Z")),
        new("authored year 1800", Expect.Report, () => Edit(o => o["authored"] = "1800-01-01T00:00:00Z")),
        new("authored missing", Expect.Report, () => Edit(o => o.Remove("authored"))),
        new("authored not a date", Expect.Report, () => Edit(o => o["authored"] = "yesterday")),
        new("item 9 twice (0 and 2)", Expect.ReportOrAccept, () => Edit(o => ItemsOf(o).Add(JsonNode.Parse("""{"linkId":"9","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6570-1"}}]}"""))), SafetyExpected: true),
        new("status entered-in-error", Expect.Report, () => Edit(o => o["status"] = "entered-in-error")),
        new("status in-progress", Expect.ReportOrAccept, () => Edit(o => o["status"] = "in-progress")),
        new("status not a code", Expect.Report, () => Edit(o => o["status"] = "done")),
        new("unknown questionnaire", Expect.Report, () => Edit(o => o["questionnaire"] = "https://example.org/Questionnaire/nope")),
        new("no questionnaire", Expect.Report, () => Edit(o => o.Remove("questionnaire"))),
        new("unknown linkId", Expect.Report, () => U(Bad.Replace("\"linkId\":\"3\"", "\"linkId\":\"33\""))),
        new("no items", Expect.Report, () => Edit(o => o["item"] = new JsonArray())),
        new("empty answer array", Expect.Report, () => U(Bad.Replace("\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6569-3\"}}]", "\"answer\":[]"))),
        new("item 3 twice", Expect.Report, () => Edit(o => ItemsOf(o).Add(JsonNode.Parse("""{"linkId":"3","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6571-9"}}]}""")))),
        new("10,000 items", Expect.Report, () => Edit(o => { for (var i = 0; i < 10_000; i++) ItemsOf(o).Add(JsonNode.Parse("{\"linkId\":\"x" + i + "\",\"answer\":[{\"valueInteger\":1}]}")); })),
        new("id of 10,000 characters", Expect.Report, () => Edit(o => o["id"] = new string('a', 10_000))),
        new("id with invalid characters", Expect.Report, () => Edit(o => o["id"] = "bad id/../x")),
        new("unknown element", Expect.ReportOrAccept, () => Edit(o => o["colour"] = "blue")),
        new("trailing garbage", Expect.Report, () => U(Bad + " xyz")),
        new("two objects on one line", Expect.Report, () => U(Bad + Bad)),
        new("answers inside a group", Expect.ReportOrAccept, () => Edit(o => { var items = ItemsOf(o).Select(i => i!.DeepClone()).ToArray(); o["item"] = new JsonArray(new JsonObject { ["linkId"] = "g", ["item"] = new JsonArray(items) }); })),
        new("authored with an offset far east", Expect.Accept, () => Edit(o => o["authored"] = "2026-02-27T23:30:00+14:00")),
    ];

    /// <summary>Every path in turn; the app path starts its own test FHIR server.</summary>
    public static async Task<Result> RunAsync(string work)
    {
        var paths = new List<PathResult> { RunScore(work) };
        paths.Add(await BadInputNightlyPath.RunAsync(work));
        paths.Add(await BadInputCdsPath.RunAsync(work));
        paths.Add(await BadInputAppPath.RunAsync());
        return new Result(paths, Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024));
    }

    private static PathResult RunScore(string work)
    {
        var clock = Stopwatch.StartNew();
        var catalogue = ProfileDirectory.LoadCatalogue(null);
        var runner = new ScoreRunner(catalogue, TimeProvider.System);
        var kinds = Kinds();
        int crashes = 0, lost = 0, invented = 0;
        var unreported = new List<string>();
        var n = 0;
        foreach (var kind in kinds)
        {
            var folder = Path.Combine(work, $"bad-{n++}");
            Directory.CreateDirectory(Path.Combine(folder, "in"));
            using (var file = File.Create(Path.Combine(folder, "in", "QuestionnaireResponse.ndjson")))
            {
                file.Write(U(GoodA + "\n"));
                file.Write(kind.Line());
                file.Write(U("\n" + GoodB + "\n"));
            }
            try
            {
                runner.Run(new ScoreOptions(Path.Combine(folder, "in"), Path.Combine(folder, "out")));
            }
            catch (Exception e)
            {
                crashes++;
                unreported.Add($"{kind.Name} (crashed: {e.GetType().Name})");
                continue;
            }
            var output = Path.Combine(folder, "out");
            var observations = Read(output, "Observation");
            var flags = Read(output, "Flag");
            var issues = Read(output, "issues");
            var reported = Line2().IsMatch(issues);
            var scoredBad = observations.Contains("QuestionnaireResponse/bad-x", StringComparison.Ordinal);
            if (!observations.Contains("QuestionnaireResponse/good-a", StringComparison.Ordinal) || !observations.Contains("QuestionnaireResponse/good-b", StringComparison.Ordinal)
                || Regex.Matches(flags, "Patient/pat-b\"").Count == 0 || (kind.SafetyExpected && !flags.Contains("Patient/pat-x\"", StringComparison.Ordinal)))
            {
                lost++;
                unreported.Add($"{kind.Name} (something valid lost)");
            }
            if (!kind.SafetyExpected && flags.Contains("Patient/pat-x\"", StringComparison.Ordinal) && kind.Name != "item 9 twice (0 and 2)")
            {
                invented++;
                unreported.Add($"{kind.Name} (safety alert invented)");
            }
            var ok = kind.Expect switch
            {
                Expect.Report => reported && !scoredBad,
                Expect.Accept => scoredBad,
                Expect.Ignore => !scoredBad,
                _ => reported || scoredBad,
            };
            if (!ok) unreported.Add($"{kind.Name} ({(scoredBad ? "scored" : "not scored")}, {(reported ? "reported" : "no issue")}; expected {kind.Expect})");
            Directory.Delete(folder, recursive: true);
        }
        return new PathResult("score", kinds.Count, crashes, lost, invented, unreported.Select(u => "score: " + u).ToList(), clock.Elapsed.TotalSeconds);
    }

    private static string Read(string folder, string name)
    {
        var path = Path.Combine(folder, name + ".ndjson");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    [GeneratedRegex(@"line 2\b")]
    private static partial Regex Line2();

    private static string ReplaceFirst(string text, string find, string with)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        return at < 0 ? text : text[..at] + with + text[(at + find.Length)..];
    }
}
