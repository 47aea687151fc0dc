using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Reports;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.Service.Scoring;
using AllianceFhir.Service.Tests.Reports;
using AllianceFhir.Service.Tests.Support;
using AllianceFhir.Testing.Validation;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Service.Tests.Validation;

/// <summary>
/// Every resource the <c>score</c> path writes for the bundled cohort (scores for each instrument, trajectories,
/// ruptures, paired outcomes, alerts in each channel, Provenance, OperationOutcome issues) and every MeasureReport the
/// report writes validates with Firely's validator against R4 and the project's profiles, as an EHR that validates
/// writes with Firely would check them.
/// </summary>
public sealed class WrittenResourcesValidationTests
{
    private static readonly FhirJsonDeserializer Strict = new();

    [Theory]
    [InlineData(AlertChannel.Flag)]
    [InlineData(AlertChannel.Task)]
    [InlineData(AlertChannel.Communication)]
    public void Score_WhenRunOnBundledCohort_ThenEveryWrittenResourceValidatesWithFirely(AlertChannel channel)
    {
        using var folder = new TempFolder();
        var input = folder.Combine("in");
        Directory.CreateDirectory(input);
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.BundledCohort, "*.ndjson"))
            File.Copy(file, Path.Combine(input, Path.GetFileName(file)));
        // Lines the scorer rejects, so issues.ndjson holds OperationOutcomes too.
        File.WriteAllLines(Path.Combine(input, "Broken.ndjson"),
        [
            "not json",
            """{"resourceType":"QuestionnaireResponse","status":"done"}""",
        ]);
        var output = folder.Combine("out");

        new ScoreRunner(ProfileDirectory.LoadCatalogue(), TimeProvider.System).Run(new ScoreOptions(input, output, AlertChannel: channel));

        var checkedTypes = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        // The Observations do not depend on the alert channel: validated once, on the Flag run (each run costs about a minute).
        var files = Directory.EnumerateFiles(output, "*.ndjson").Order(StringComparer.Ordinal)
            .Where(f => channel == AlertChannel.Flag || Path.GetFileName(f) != "Observation.ndjson");
        foreach (var file in files)
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (line.Length == 0) continue;
                var resource = Strict.DeserializeResource(line);
                var key = Kind(resource);
                checkedTypes[key] = checkedTypes.GetValueOrDefault(key) + 1;
                // One message per distinct error keeps a failure readable (the same builder fails the same way on every line).
                failures.AddRange(FirelyValidation.Instance.Errors(resource).Select(e => $"{key}: {e} (first: {Path.GetFileName(file)} line {lineNumber})"));
            }
        }

        var distinct = failures.DistinctBy(f => f[..f.IndexOf(" (first: ", StringComparison.Ordinal)]).ToList();
        Assert.True(distinct.Count == 0, $"{failures.Count} errors; distinct:\n" + string.Join("\n", distinct.Take(40)));
        // Everything the builders make was there to check.
        string[] observations = channel == AlertChannel.Flag
            ? ["Observation symptom-score-observation", "Observation alliance-score-observation", "Observation trajectory-observation",
               "Observation alliance-rupture", "Observation nhs-tt-outcome"]
            : [];
        var alert = channel switch
        {
            AlertChannel.Flag => "Flag alert-flag",
            AlertChannel.Task => "Task alert-task",
            _ => "Communication alert-communication",
        };
        foreach (var expected in observations.Concat(["Provenance", "OperationOutcome", alert]))
            Assert.True(checkedTypes.ContainsKey(expected), $"no {expected} in the output: {string.Join(", ", checkedTypes.Keys)}");
    }

    /// <summary>Type and profile (or, for Observations without one, their code): what the builder was.</summary>
    private static string Kind(Hl7.Fhir.Model.Resource resource) => resource switch
    {
        _ when resource.Meta?.Profile?.FirstOrDefault() is { } p => $"{resource.TypeName} {p[(p.LastIndexOf('/') + 1)..]}",
        Hl7.Fhir.Model.Observation o => $"Observation {o.Code?.Coding.FirstOrDefault()?.Code}",
        _ => resource.TypeName,
    };

    [Fact]
    public void Report_WhenBuilt_ThenEveryMeasureReportValidatesWithFirely()
    {
        var result = GoldenCohort.Report(suppressBelow: 0);
        var reports = MeasureReportBuilder.Summaries(result.Table, result.Generated)
            .Concat(MeasureReportBuilder.SubjectLists(result.Table, result.Report, result.Generated)).ToList();

        Assert.NotEmpty(reports);
        foreach (var report in reports) FirelyValidation.Instance.AssertValid(report);
    }
}
