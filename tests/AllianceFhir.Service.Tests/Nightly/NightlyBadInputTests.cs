using System.Text;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.State;
using AllianceFhir.Service.Tests.Support;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Flag = Hl7.Fhir.Model.Flag;
using Observation = Hl7.Fhir.Model.Observation;

namespace AllianceFhir.Service.Tests.Nightly;

/// <summary>
/// Issue 10 §2/§3 on the nightly path, embedded default (a Bulk Data ndjson export in, SQLite state): one export holding
/// every kind below, each on its own line and for its own patient, between two valid PHQ-9 responses (the second with
/// item 9 = 3), run twice (<see cref="NightlyBadInputRun"/>). Per kind: a quarantine row naming where (file and line, or
/// the resource id) and why; a safety alert for its patient exactly when its item 9 is above 0 and it names a patient;
/// both valid responses scored and alerted; the second run adds no row (the same rows, seen again) and every run ends
/// complete. Expected values written by hand.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class NightlyBadInputTests(NightlyBadInputRun run) : IClassFixture<NightlyBadInputRun>
{
    [Theory]
    [InlineData("truncated JSON")]
    [InlineData("NUL byte")]
    [InlineData("invalid UTF-8")]
    [InlineData("10,000-deep nesting")]
    [InlineData("JSON array")]
    [InlineData("JSON null")]
    [InlineData("two objects on one line")]
    [InlineData("resourceType Foo")]
    [InlineData("no resourceType")]
    [InlineData("status not a code")]
    [InlineData("unknown element, item 9 = 3")]
    [InlineData("wrong answer type (string)")]
    [InlineData("unknown answer code")]
    [InlineData("out-of-range decimal (1e400)")]
    [InlineData("integer answer out of range (99)")]
    [InlineData("no subject, item 9 = 3")]
    [InlineData("subject a Group, item 9 = 3")]
    [InlineData("authored year 9999, item 9 = 2")]
    [InlineData("authored missing")]
    [InlineData("item 9 twice (0 and 2)")]
    [InlineData("unknown questionnaire")]
    [InlineData("no items")]
    [InlineData("duplicate id, different answers, item 9 = 3")]
    [InlineData("50 MB line, item 9 = 1")]
    [InlineData("EHR total with a string value")]
    [InlineData("EHR total with no effective time")]
    [InlineData("EHR total of 99")]
    public void NightlyScoring_WhenTheExportHoldsBadInput_ThenAQuarantineRowSaysWhereAndWhyAndNoAlertIsLostOrInvented(string kind)
    {
        var k = NightlyBadInputRun.Kinds.Single(x => x.Name == kind);
        var rows = run.FirstRows.Where(r => r.Source == k.Where || (r.ResourceId is not null && r.ResourceId == k.Id)).ToList();
        var row = Assert.Single(rows);
        Assert.Contains(k.Reason, row.Reason, StringComparison.Ordinal);
        Assert.Equal(k.Alerts ? 1 : 0, run.Flags.Count(f => f.Subject?.Reference == $"Patient/{k.Patient}"));
    }

    [Theory]
    [InlineData("byte-order mark mid-file")]
    [InlineData("CRLF line end")]
    public void NightlyScoring_WhenALineIsOddButValid_ThenItIsScoredAndNotQuarantined(string kind)
    {
        var k = NightlyBadInputRun.Kinds.Single(x => x.Name == kind);
        Assert.DoesNotContain(run.FirstRows, r => r.Source == k.Where || r.ResourceId == k.Id);
        Assert.Contains(run.Scores, o => o.DerivedFrom.Any(d => d.Reference == $"QuestionnaireResponse/{k.Id}"));
    }

    [Fact]
    public void NightlyScoring_WhenBadInputSurroundsValidResponses_ThenBothAreScoredAndThePositiveOneAlertsOnce()
    {
        Assert.Contains(run.Scores, o => o.DerivedFrom.Any(d => d.Reference == "QuestionnaireResponse/good-b"));
        Assert.Contains(run.Scores, o => o.DerivedFrom.Any(d => d.Reference == "QuestionnaireResponse/good-a"));
        Assert.Single(run.Flags, f => f.Subject?.Reference == "Patient/pat-good-b");
        Assert.DoesNotContain(run.Flags, f => f.Subject?.Reference == "Patient/pat-good-a");
    }

    [Fact]
    public void NightlyScoring_WhenRunAgainOverTheSameExport_ThenNoQuarantineRowIsAddedAndUnreadableLinesAreSeenTwice()
    {
        Assert.Equal(run.FirstRows.Count, run.SecondRows.Count);
        Assert.Equal(run.SecondRows.Count, run.SecondRows.Select(r => (r.Source, r.ResourceId, r.Reason)).Distinct().Count());
        var truncated = NightlyBadInputRun.Kinds.Single(x => x.Name == "truncated JSON");
        Assert.Equal(2, run.SecondRows.Single(r => r.Source == truncated.Where).SeenCount);
        Assert.Equal(run.Flags.Count, run.FlagsAfterSecondRun);
        Assert.All(run.RunStatuses, s => Assert.Equal("complete", s));
        Assert.Equal(2, run.RunStatuses.Count);
    }
}

/// <summary>The nightly job run twice over an export holding every bad-input kind (shared by the tests above).</summary>
public sealed class NightlyBadInputRun : IAsyncLifetime
{
    public sealed record Kind(string Name, string Id, string Patient, string Where, string Reason, bool Alerts, string File, string Line);

    private static readonly string[] La = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"];

    /// <summary>Stands for the bytes C3 28 FF (not UTF-8) in a line; replaced when the file is written.</summary>
    private const string InvalidUtf8 = "\u0001invalid-utf-8\u0001";

    internal static string Phq9(string id, string patient, int item9, string? item1 = null, string extra = "", string subject = "") =>
        "{\"resourceType\":\"QuestionnaireResponse\",\"id\":\"" + id + "\",\"status\":\"completed\",\"questionnaire\":\"https://alliancefhir.org/fhir/Questionnaire/phq-9\"," +
        (subject.Length > 0 ? subject : "\"subject\":{\"reference\":\"Patient/" + patient + "\"},") + "\"authored\":\"2026-11-20T10:00:00Z\"," + extra + "\"item\":[" +
        string.Join(",", Enumerable.Range(1, 9).Select(i => "{\"linkId\":\"" + i + "\",\"answer\":[" +
            (i == 1 && item1 is not null ? item1 : "{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"" + La[i == 9 ? item9 : 1] + "\"}}") + "]}")) + "]}";

    internal static string Total(string id, string patient, string rest) =>
        "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"44261-6\"}]},\"subject\":{\"reference\":\"Patient/" + patient + "\"}," + rest + "}";

    /// <summary>Each kind: its line (built from its id and patient), the reason its row must name, whether its patient gets an alert.</summary>
    private static readonly (string Name, string Reason, bool Alerts, string File, Func<string, string, string> Line)[] Table =
    [
        ("truncated JSON", "not valid JSON", false, "QR", (id, p) => Phq9(id, p, 3)[..120]),
        ("NUL byte", "not valid JSON", false, "QR", (id, p) => Phq9(id, p, 0).Replace("completed", "comp\0leted")),
        ("invalid UTF-8", "invalid QuestionnaireResponse", false, "QR", (id, p) => Phq9(id, p, 0).Replace("completed", "comp" + InvalidUtf8 + "leted")),
        ("10,000-deep nesting", "not valid JSON", false, "QR", (id, p) => Phq9(id, p, 0, extra: "\"x\":" + new string('[', 10_000) + new string(']', 10_000) + ",")),
        ("JSON array", "not valid JSON", false, "QR", (id, p) => "[" + Phq9(id, p, 0) + "]"),
        ("JSON null", "not valid JSON", false, "QR", (_, _) => "null"),
        ("two objects on one line", "not valid JSON", false, "QR", (id, p) => Phq9(id, p, 0) + Phq9(id, p, 0)),
        ("resourceType Foo", "not a QuestionnaireResponse", false, "QR", (id, p) => Phq9(id, p, 3).Replace("\"QuestionnaireResponse\"", "\"Foo\"")),
        ("no resourceType", "no resourceType", false, "QR", (id, p) => Phq9(id, p, 0).Replace("\"resourceType\":\"QuestionnaireResponse\",", "")),
        ("status not a code", "invalid QuestionnaireResponse", false, "QR", (id, p) => Phq9(id, p, 0).Replace("\"completed\"", "\"done\"")),
        ("unknown element, item 9 = 3", "invalid QuestionnaireResponse", true, "QR", (id, p) => Phq9(id, p, 3, extra: "\"colour\":\"blue\",")),
        ("wrong answer type (string)", "answer", false, "QR", (id, p) => Phq9(id, p, 0, item1: "{\"valueString\":\"often\"}")),
        ("unknown answer code", "answer", false, "QR", (id, p) => Phq9(id, p, 0).Replace("LA6569-3", "LA0000-0")),
        ("out-of-range decimal (1e400)", "QuestionnaireResponse", false, "QR", (id, p) => Phq9(id, p, 0, item1: "{\"valueDecimal\":1e400}")),
        ("integer answer out of range (99)", "answer", false, "QR", (id, p) => Phq9(id, p, 0, item1: "{\"valueInteger\":99}")),
        ("no subject, item 9 = 3", "no-subject", false, "QR", (id, p) => Phq9(id, p, 3, subject: " ")),
        ("subject a Group, item 9 = 3", "subject-not-patient", false, "QR", (id, p) => Phq9(id, p, 3, subject: "\"subject\":{\"reference\":\"Group/g1\"},")),
        ("authored year 9999, item 9 = 2", "authored-implausible", true, "QR", (id, p) => Phq9(id, p, 2).Replace("2026-11-20T10:00:00Z", "9999-12-31T00:00:00Z")),
        ("authored missing", "no-authored", false, "QR", (id, p) => Phq9(id, p, 0).Replace("\"authored\":\"2026-11-20T10:00:00Z\",", "")),
        ("item 9 twice (0 and 2)", "duplicate-item", true, "QR", (id, p) => Phq9(id, p, 0).Replace("]}]}", "]},{\"linkId\":\"9\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"LA6570-1\"}}]}]}")),
        ("unknown questionnaire", "unknown-questionnaire", false, "QR", (id, p) => Phq9(id, p, 0).Replace("https://alliancefhir.org/fhir/Questionnaire/phq-9", "https://example.org/Questionnaire/nope")),
        ("no items", "invalid QuestionnaireResponse", false, "QR", (id, p) => Phq9(id, p, 0)[..Phq9(id, p, 0).IndexOf("\"item\"", StringComparison.Ordinal)] + "\"item\":[]}"),
        // Its id is read twice with other answers: the earlier version (item 9 = 3) is not scored, but it alerts.
        ("duplicate id, different answers, item 9 = 3", "response-seen-twice", true, "QR", (id, p) => Phq9(id, p, 3) + "\n" + Phq9(id, p, 0).Replace("LA6569-3", "LA6570-1")),
        ("50 MB line, item 9 = 1", "line-too-large", true, "QR", (id, p) => Phq9(id, p, 1, extra: "\"text\":{\"status\":\"generated\",\"div\":\"" + new string('x', 50_000_000) + "\"},")),
        ("byte-order mark mid-file", "", false, "QR", (id, p) => "\uFEFF" + Phq9(id, p, 0)),
        ("CRLF line end", "", false, "QR", (id, p) => Phq9(id, p, 0) + "\r"),
        ("EHR total with a string value", "ehr-score-unusable", false, "Obs", (id, p) => Total(id, p, "\"effectiveDateTime\":\"2026-01-01\",\"valueString\":\"twelve\"")),
        ("EHR total with no effective time", "ehr-score-unusable", false, "Obs", (id, p) => Total(id, p, "\"valueInteger\":12")),
        ("EHR total of 99", "ehr-score-unusable", false, "Obs", (id, p) => Total(id, p, "\"effectiveDateTime\":\"2026-01-01\",\"valueInteger\":99")),
    ];

    public static readonly IReadOnlyList<Kind> Kinds = Build();

    private static List<Kind> Build()
    {
        var kinds = new List<Kind>();
        var lineNo = new Dictionary<string, int> { ["QR"] = 2, ["Obs"] = 1 }; // line 1 of the responses is good-a
        for (var i = 0; i < Table.Length; i++)
        {
            var (name, reason, alerts, file, line) = Table[i];
            var text = line($"bad-{i}", $"pat-k{i}");
            var number = lineNo[file];
            lineNo[file] += text.Count(c => c == '\n') + 1;
            // A duplicate id's superseded version is its first line; all others are one line.
            var where = $"{(file == "QR" ? "QuestionnaireResponse" : "Observation")}.ndjson line {number}";
            kinds.Add(new Kind(name, $"bad-{i}", $"pat-k{i}", where, reason, alerts, file, text));
        }
        return kinds;
    }

    private readonly TempFolder _files = new();
    private readonly TempFolder _state = new();

    public List<QuarantineEntry> FirstRows { get; private set; } = [];
    public List<QuarantineEntry> SecondRows { get; private set; } = [];
    public List<Flag> Flags { get; private set; } = [];
    public int FlagsAfterSecondRun { get; private set; }
    public List<Observation> Scores { get; private set; } = [];
    public List<string> RunStatuses { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var input = Directory.CreateDirectory(_files.Combine("in")).FullName;
        var output = _files.Combine("out");
        await using (var qr = File.Create(Path.Combine(input, "QuestionnaireResponse.ndjson")))
        {
            foreach (var line in Kinds.Where(k => k.File == "QR").Select(k => k.Line).Prepend(Phq9("good-a", "pat-good-a", 0)).Append(Phq9("good-b", "pat-good-b", 3)))
            {
                var parts = line.Split(InvalidUtf8);
                for (var i = 0; i < parts.Length; i++)
                {
                    if (i > 0) qr.Write([0xC3, 0x28, 0xFF]);
                    qr.Write(Encoding.UTF8.GetBytes(parts[i]));
                }
                qr.Write("\n"u8);
            }
        }
        await File.WriteAllTextAsync(Path.Combine(input, "Observation.ndjson"), string.Join("\n", Kinds.Where(k => k.File == "Obs").Select(k => k.Line)) + "\n");
        await using var host = await PipelineHost.StartAsync("", _state.Path, new Dictionary<string, string?>
        {
            ["Source:FhirServer"] = null,
            ["Source:NdjsonInput"] = input,
            ["Source:NdjsonOutput"] = output,
        });
        var quarantine = host.Services.GetRequiredService<QuarantineStore>();
        Assert.DoesNotContain("failed", await host.RunAsync("nightly-scoring"));
        FirstRows = (await quarantine.ListAsync(1000, CancellationToken.None)).ToList();
        Flags = NdjsonFile.Read<Flag>(Path.Combine(output, "Flag.ndjson"));
        Scores = NdjsonFile.Read<Observation>(Path.Combine(output, "Observation.ndjson"))
            .Where(o => o.Identifier.Any(i => i.System == CanonicalUrls.ScoreIdentifierSystem)).ToList();

        Assert.DoesNotContain("failed", await host.RunAsync("nightly-scoring"));
        SecondRows = (await quarantine.ListAsync(1000, CancellationToken.None)).ToList();
        FlagsAfterSecondRun = NdjsonFile.Read<Flag>(Path.Combine(output, "Flag.ndjson")).Count;
        await using var c = await host.Services.GetRequiredService<StateDatabase>().OpenAsync(CancellationToken.None);
        RunStatuses = (await c.QueryAsync<string>("select status from runs where job = 'nightly-scoring'")).ToList();
    }

    public Task DisposeAsync()
    {
        _files.Dispose();
        _state.Dispose();
        return Task.CompletedTask;
    }
}
