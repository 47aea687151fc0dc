using System.Text.Json;
using AllianceFhir.Samples;
using AllianceFhir.Service.Tests.Support;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;

namespace AllianceFhir.Service.Tests.Scoring;

/// <summary>
/// The <c>score</c> verb run as a program on the bundled cohort. Expected counts come from the generator's own
/// record of what it wrote (CohortSummary), never from the scorer.
/// </summary>
public sealed class ScoreCommandEndToEndTests : IClassFixture<ScoreCommandEndToEndTests.BundledRun>
{
    public sealed class BundledRun : IDisposable
    {
        public TempFolder Folder { get; } = new();
        public TempFolder Regenerated { get; } = new();
        public ServiceProcess.Result Result { get; }
        public CohortSummary Cohort { get; }
        public string Output => Folder.Combine("out");

        public BundledRun()
        {
            Cohort = CohortGenerator.WriteNdjson(new CohortOptions(), Regenerated.Path);
            Result = ServiceProcess.Run("score", "--input", RepositoryPaths.BundledCohort, "--output", Output);
        }

        public void Dispose()
        {
            Folder.Dispose();
            Regenerated.Dispose();
        }
    }

    private readonly BundledRun _run;

    public ScoreCommandEndToEndTests(BundledRun run) => _run = run;

    private string Out(string file) => Path.Combine(_run.Output, file);

    private JsonElement Summary => JsonDocument.Parse(File.ReadAllText(Out("summary.json"))).RootElement;

    [Fact]
    public void BundledCohort_WhenRegeneratedWithDefaults_ThenIsByteIdenticalToTheCommittedFiles()
    {
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.BundledCohort, "*.ndjson"))
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_run.Regenerated.Path, Path.GetFileName(file)))),
                $"{Path.GetFileName(file)} differs from what the generator writes: regenerate samples/cohort");
    }

    [Fact]
    public void Score_WhenRunOnBundledCohort_ThenExitsZeroAndPrintsASummary()
    {
        Assert.Equal(0, _run.Result.ExitCode);
        Assert.Contains("Scored", _run.Result.Stdout);
        Assert.Contains($"Safety signals (PHQ-9 item 9 > 0): {_run.Cohort.ItemNinePositive}", _run.Result.Stdout);
    }

    [Fact]
    public void Summary_WhenRunOnBundledCohort_ThenCountsMatchWhatTheGeneratorWrote()
    {
        var c = _run.Cohort;
        var s = Summary;
        var unparsable = c.MalformedByKind[MalformedKind.BrokenJson] + c.MalformedByKind[MalformedKind.NotFhir];

        Assert.Equal(unparsable, s.GetProperty("malformedLines").GetInt64());
        Assert.Equal(c.QuestionnaireResponses - unparsable, s.GetProperty("responsesRead").GetInt64());
        Assert.Equal(c.ValidQuestionnaireResponses - c.UnscorableResponses, s.GetProperty("responsesScored").GetInt64());
        Assert.Equal(c.MalformedLines - unparsable + c.UnscorableResponses, s.GetProperty("responsesRejected").GetInt64());
        Assert.Equal(c.ProratedResponses, s.GetProperty("responsesProrated").GetInt64());
        Assert.Equal(c.Observations, s.GetProperty("ehrScoresJoined").GetInt64());
        Assert.Equal(c.ItemNinePositive, s.GetProperty("safetySignals").GetInt64());
        Assert.Equal(1, s.GetProperty("safetySignalsFromRejectedResponses").GetInt64());
        Assert.Equal(c.Patients + c.Organizations + c.Practitioners, s.GetProperty("otherResourcesIgnored").GetInt64());
    }

    [Fact]
    public void SafetyFlags_WhenRunOnBundledCohort_ThenEveryItemNinePositiveHasOneStatFlagIncludingTheRejectedResponse()
    {
        var flags = NdjsonFile.Read<Flag>(Out("Flag.ndjson")).Where(f => f.Code!.Coding[0].Code == "safety-self-harm").ToList();

        Assert.Equal(_run.Cohort.ItemNinePositive, flags.Count);
        Assert.Equal(flags.Count, flags.Select(f => f.Identifier[0].Value).Distinct().Count());
        var patients = File.ReadLines(Path.Combine(RepositoryPaths.BundledCohort, "Patient.ndjson"))
            .Select(l => "Patient/" + JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).ToHashSet();
        Assert.All(flags, f => Assert.Contains(f.Subject!.Reference!, patients));
        // The otherwise-invalid PHQ-9 (unknown linkId + item 9 = 3) is still alerted.
        Assert.Contains(flags, f => f.Code!.Text!.Contains("(3)"));
    }

    [Fact]
    public void Issues_WhenRunOnBundledCohort_ThenEachRejectedLineIsNamedByFileAndLine()
    {
        var outcomes = NdjsonFile.Read<OperationOutcome>(Out("issues.ndjson"));
        var errors = outcomes.Where(o => o.Issue.Any(i => i.Severity == OperationOutcome.IssueSeverity.Error)).ToList();
        var s = Summary;

        Assert.True(errors.Count >= s.GetProperty("malformedLines").GetInt64() + s.GetProperty("responsesRejected").GetInt64());
        Assert.All(outcomes, o => Assert.All(o.Issue, i => Assert.Matches(@"^(QuestionnaireResponse|Observation)\.ndjson line \d+", i.Diagnostics)));
        var codes = outcomes.SelectMany(o => o.Issue).Select(i => i.Details!.Text).ToHashSet();
        foreach (var code in new[] { "invalid-json", "not-fhir", "status", "no-subject", "unknown-item", "answer-out-of-range", "duplicate-item", "unknown-questionnaire", "too-many-missing" })
            Assert.Contains(code, codes);
    }

    [Fact]
    public void Observations_WhenRunOnBundledCohort_ThenAllValidateStrictlyAndIdsAreUnique()
    {
        var observations = NdjsonFile.Read<Observation>(Out("Observation.ndjson"));

        Assert.NotEmpty(observations);
        Assert.Equal(observations.Count, observations.Select(o => o.Id).Distinct().Count());
        Assert.All(observations, o => Assert.Empty(o.Validate()));
        var scores = observations.Where(o => o.DerivedFrom.Count == 1 && o.DerivedFrom[0].Reference!.StartsWith("QuestionnaireResponse/")).ToList();
        var scored = Summary.GetProperty("responsesScored").GetInt64();
        Assert.Equal(scored, scores.Select(o => o.DerivedFrom[0].Reference).Distinct().Count());
    }

    [Fact]
    public void LhcFormsResponses_WhenRunOnBundledCohort_ThenEachIsScored()
    {
        var lhc = File.ReadLines(Path.Combine(RepositoryPaths.BundledCohort, "QuestionnaireResponse.ndjson"))
            .Where(l => l.Contains("\"http://loinc.org/q/"))
            .Select(l => "QuestionnaireResponse/" + JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).ToList();
        var derived = NdjsonFile.Read<Observation>(Out("Observation.ndjson")).SelectMany(o => o.DerivedFrom).Select(r => r.Reference).ToHashSet();

        Assert.Equal(_run.Cohort.LhcFormResponses, lhc.Count);
        Assert.All(lhc, id => Assert.Contains(id, derived));
    }

    [Fact]
    public void Trajectories_WhenRunOnBundledCohort_ThenOnePerPatientForPhq9AndGad7()
    {
        var trajectories = NdjsonFile.Read<Observation>(Out("Observation.ndjson")).Where(o => o.Code!.Coding[0].Code == "trajectory").ToList();

        Assert.Equal(_run.Cohort.Patients * 2, trajectories.Count);
        Assert.Equal(trajectories.Count, trajectories.Select(t => (t.Subject!.Reference, t.Code!.Text)).Distinct().Count());
    }

    [Fact]
    public void Score_WhenRunTwice_ThenScoresAndAlertsAreIdentical()
    {
        using var again = new TempFolder();
        var second = ServiceProcess.Run("score", "--input", RepositoryPaths.BundledCohort, "--output", again.Path, "--quiet");

        Assert.Equal(0, second.ExitCode);
        foreach (var file in new[] { "Observation.ndjson", "Flag.ndjson", "issues.ndjson" })
            Assert.Equal(File.ReadAllText(Out(file)), File.ReadAllText(Path.Combine(again.Path, file)));
    }
}
