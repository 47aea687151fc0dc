extern alias smartapp;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Trajectories;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.Service.Scoring;
using AllianceFhir.Service.Tests.Nightly;
using AllianceFhir.Service.Tests.Support;
using AllianceFhir.State;
using Microsoft.Extensions.DependencyInjection;
using smartapp::AllianceFhir.Smart.Features.Dashboard;

namespace AllianceFhir.Service.Tests.Scoring;

/// <summary>
/// Issue 12: the three paths share one scoring path (Core's ResponseReader and ResponseScorer). The same responses from
/// the bundled cohort (its nine malformed lines, its LHC-Forms lines and the first valid ones) go through the
/// <c>score</c> command (issues.ndjson, Observation.ndjson), the nightly job on the embedded default (quarantine rows,
/// the score Observations it writes back) and the app's dashboard scoring (<c>DashboardBuilder.Score</c> on each
/// response's JSON, as the dashboard endpoint calls it). Per line: the same scores and the same rejection codes on each.
/// The dashboard only ever sees JSON resources of its patient (a search Bundle's entries for <c>subject=Patient/x</c>),
/// so the lines that are not JSON, not a resource or about no patient are compared on the other two paths.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class ScorePathsAgreeTests
{
    /// <summary>The rejection codes of the cohort's malformed kinds (samples/README.md, "Malformed lines"), by id suffix; by hand.</summary>
    private static readonly Dictionary<string, string[]> MalformedCodes = new(StringComparer.Ordinal)
    {
        ["x1"] = ["invalid-json"],
        ["x2"] = ["not-fhir"],
        ["x3"] = ["status"],
        ["x4"] = ["no-subject"],
        ["x5"] = ["unknown-item"],
        ["x6"] = ["answer-out-of-range"],
        ["x7"] = ["duplicate-item"],
        ["x8"] = ["unknown-questionnaire"],
        ["x9"] = ["unknown-item"],
    };

    private sealed record Line(int Number, string Text, string? Id, string? Subject, bool IsResponseJson);

    /// <summary>What a path made of one line: its scores ("system|code=value", ordered) and its rejection codes (ordered).</summary>
    private sealed record Outcome(string Scores, string Rejections)
    {
        public static Outcome Of(IEnumerable<string> scores, IEnumerable<string> rejections) =>
            new(string.Join(" ", scores.Distinct().Order(StringComparer.Ordinal)), string.Join(" ", rejections.Distinct().Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Score_WhenTheSameResponsesGoThroughScoreNightlyAndDashboard_ThenTheSameScoresAndRejectionReasons()
    {
        using var folder = new TempFolder();
        var input = Directory.CreateDirectory(folder.Combine("in")).FullName;
        var lines = Selection();
        await File.WriteAllLinesAsync(Path.Combine(input, "QuestionnaireResponse.ndjson"), lines.Select(l => l.Text));
        var catalogue = ProfileDirectory.LoadCatalogue();

        var cli = ScoreCommand(catalogue, input, folder.Combine("score"), lines);
        var nightly = await NightlyAsync(input, folder, lines);
        var dashboard = Dashboard(catalogue, lines);

        // The comparison means something: each malformed kind is rejected for its reason, and many responses are scored.
        foreach (var (suffix, codes) in MalformedCodes)
        {
            // x2 is not FHIR ({"patientId":…,"form":"PHQ-9",…}): it has no id to match.
            var line = lines.Single(l => suffix == "x2" ? l.Text.StartsWith("{\"patientId\"", StringComparison.Ordinal) : l.Text.Contains($"-{suffix}\"", StringComparison.Ordinal));
            Assert.Equal(string.Join(" ", codes), cli[line.Number].Rejections);
        }
        Assert.True(cli.Values.Count(o => o.Scores.Length > 0) >= 100, "fewer than 100 responses scored: nothing much compared");

        foreach (var line in lines)
        {
            Assert.True(nightly.ContainsKey(line.Number), $"line {line.Number}: the nightly job neither scored nor quarantined it");
            Assert.Equal(cli[line.Number], nightly[line.Number]);
            if (line.IsResponseJson && line.Subject is not null)
                Assert.Equal(cli[line.Number], dashboard[line.Number]);
        }
        Assert.Equal(lines.Count(l => l.IsResponseJson && l.Subject is not null), dashboard.Count);
    }

    /// <summary>The cohort's malformed lines, its LHC-Forms lines, and the first 120 other lines.</summary>
    private static List<Line> Selection()
    {
        var all = File.ReadAllLines(Path.Combine(RepositoryPaths.BundledCohort, "QuestionnaireResponse.ndjson"));
        var picked = all.Where((text, i) => i < 120 || text.Contains("http://loinc.org/q/", StringComparison.Ordinal) || Describe(0, text) is { } l && IsMalformed(l)).ToList();
        return picked.Select((text, i) => Describe(i + 1, text)).ToList();

        static bool IsMalformed(Line l) => !l.IsResponseJson || Regex.IsMatch(l.Id ?? "", "-x[0-9]$");
    }

    private static Line Describe(int number, string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            var isResponse = root.TryGetProperty("resourceType", out var type) && type.ValueEquals("QuestionnaireResponse");
            var id = root.TryGetProperty("id", out var i) ? i.GetString() : null;
            var subject = root.TryGetProperty("subject", out var s) && s.TryGetProperty("reference", out var r) ? r.GetString() : null;
            return new Line(number, text, id, subject, isResponse);
        }
        catch (JsonException)
        {
            return new Line(number, text, null, null, false);
        }
    }

    /// <summary>`score` over the file: rejection codes from issues.ndjson (errors, by the line each names), scores from Observation.ndjson.</summary>
    private static Dictionary<int, Outcome> ScoreCommand(InstrumentCatalogue catalogue, string input, string output, List<Line> lines)
    {
        new ScoreRunner(catalogue, TimeProvider.System).Run(new ScoreOptions(input, output));
        var rejections = new Dictionary<int, List<string>>();
        foreach (var text in File.ReadLines(Path.Combine(output, "issues.ndjson")))
        {
            using var outcome = JsonDocument.Parse(text);
            foreach (var issue in outcome.RootElement.GetProperty("issue").EnumerateArray().Where(i => i.GetProperty("severity").GetString() == "error"))
            {
                var number = int.Parse(Regex.Match(issue.GetProperty("diagnostics").GetString()!, @"QuestionnaireResponse\.ndjson line (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
                (rejections.TryGetValue(number, out var codes) ? codes : rejections[number] = []).Add(issue.GetProperty("details").GetProperty("text").GetString()!);
            }
        }
        var scores = ScoresByLine(Path.Combine(output, "Observation.ndjson"), lines);
        return lines.ToDictionary(l => l.Number, l => Outcome.Of(scores.GetValueOrDefault(l.Number) ?? [], rejections.GetValueOrDefault(l.Number) ?? []));
    }

    /// <summary>
    /// The nightly job once over the same file as a Bulk Data export (embedded default): rejection codes from the quarantine
    /// rows (by line for what ingest refused, by response id for what the batch rejected), scores from what it wrote back.
    /// </summary>
    private static async Task<Dictionary<int, Outcome>> NightlyAsync(string input, TempFolder folder, List<Line> lines)
    {
        var output = folder.Combine("nightly");
        var state = Directory.CreateDirectory(folder.Combine("state")).FullName;
        List<QuarantineEntry> rows;
        await using (var host = await PipelineHost.StartAsync("", state, new Dictionary<string, string?>
        {
            ["Source:FhirServer"] = null,
            ["Source:NdjsonInput"] = input,
            ["Source:NdjsonOutput"] = output,
        }))
        {
            Assert.DoesNotContain("failed", await host.RunAsync("nightly-scoring"));
            rows = (await host.Services.GetRequiredService<QuarantineStore>().ListAsync(10_000, CancellationToken.None)).ToList();
        }
        var byId = lines.Where(l => l.Id is not null).ToDictionary(l => l.Id!, l => l.Number, StringComparer.Ordinal);
        var rejections = new Dictionary<int, List<string>>();
        foreach (var row in rows)
        {
            var at = Regex.Match(row.Source, @"QuestionnaireResponse\.ndjson line (\d+)");
            var number = at.Success ? int.Parse(at.Groups[1].Value, CultureInfo.InvariantCulture) : byId[row.ResourceId!];
            // "code: message at location; code: message at location": each error's code.
            var codes = Regex.Matches(row.Reason, @"(?:^|; )([a-z][a-z0-9]*(?:-[a-z0-9]+)*): ").Select(m => m.Groups[1].Value);
            (rejections.TryGetValue(number, out var list) ? list : rejections[number] = []).AddRange(codes);
        }
        var scores = ScoresByLine(Path.Combine(output, "Observation.ndjson"), lines);
        return lines.Where(l => rejections.ContainsKey(l.Number) || scores.ContainsKey(l.Number))
            .ToDictionary(l => l.Number, l => Outcome.Of(scores.GetValueOrDefault(l.Number) ?? [], rejections.GetValueOrDefault(l.Number) ?? []));
    }

    /// <summary>The app's dashboard scoring of each response, from its JSON, for the patient it names.</summary>
    private static Dictionary<int, Outcome> Dashboard(InstrumentCatalogue catalogue, List<Line> lines)
    {
        var builder = new DashboardBuilder(catalogue, new TrajectorySettings());
        var outcomes = new Dictionary<int, Outcome>();
        foreach (var line in lines.Where(l => l.IsResponseJson && l.Subject is not null))
        {
            using var json = JsonDocument.Parse(line.Text);
            var scored = builder.Score(line.Subject!, json.RootElement);
            outcomes[line.Number] = Outcome.Of(
                scored.Points.Select(p => $"{catalogue.FindById(p.Key.InstrumentId)!.FindScale(p.Key.ScaleKey)!.Code}={Number(p.Point.Value)}"),
                scored.Rejections.Select(i => i.Code));
        }
        return outcomes;
    }

    /// <summary>A value without trailing zeros (12 and 12.0 are the same score).</summary>
    private static string Number(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    /// <summary>Score Observations (ours, by identifier) by the line of the response they derive from: "system|code=value".</summary>
    private static Dictionary<int, List<string>> ScoresByLine(string file, List<Line> lines)
    {
        var byId = lines.Where(l => l.Id is not null).ToDictionary(l => l.Id!, l => l.Number, StringComparer.Ordinal);
        var scores = new Dictionary<int, List<string>>();
        if (!File.Exists(file)) return scores;
        foreach (var text in File.ReadLines(file))
        {
            using var json = JsonDocument.Parse(text);
            var o = json.RootElement;
            if (!o.TryGetProperty("identifier", out var ids) || !ids.EnumerateArray().Any(i => i.GetProperty("system").GetString() == CanonicalUrls.ScoreIdentifierSystem)) continue;
            var from = o.GetProperty("derivedFrom")[0].GetProperty("reference").GetString()!;
            if (!byId.TryGetValue(from["QuestionnaireResponse/".Length..], out var number)) continue;
            var coding = o.GetProperty("code").GetProperty("coding")[0];
            var value = o.TryGetProperty("valueQuantity", out var q) ? q.GetProperty("value").GetDecimal() : o.GetProperty("valueInteger").GetDecimal();
            (scores.TryGetValue(number, out var list) ? list : scores[number] = []).Add(
                $"{coding.GetProperty("system").GetString()}|{coding.GetProperty("code").GetString()}={Number(value)}");
        }
        return scores;
    }
}
