using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Resources;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Reports;

/// <summary>
/// FHIR MeasureReports for a period, one per Measure in profiles/Measure-*.json: a summary (counts after
/// suppression, a stratifier per Stratifier) and a subject-list (the same, with a contained List of the patients
/// in each of the group's populations, for drill-down; strata carry counts). Each carries a deterministic identifier (measure, period, type), so it is
/// written once. A suppressed count is left out and marked with data-absent-reason "masked".
/// </summary>
public static class MeasureReportBuilder
{
    public const string IdentifierSystem = CanonicalUrls.Base + "/identifier/measure-report";
    public const string PopulationSystem = "http://terminology.hl7.org/CodeSystem/measure-population";
    public const string DataAbsentReason = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
    public const string IndicatorSystem = CanonicalUrls.Base + "/CodeSystem/report-indicators";

    public static string MeasureUrl(string measure) => $"{CanonicalUrls.Base}/Measure/{measure}";

    public static IReadOnlyList<MeasureReport> Summaries(ReportTable table, DateTimeOffset generated) =>
        Indicators.Measures.Select(m => Build(m, table, null, generated)).ToList();

    public static IReadOnlyList<MeasureReport> SubjectLists(ReportTable table, AllianceReport report, DateTimeOffset generated) =>
        Indicators.Measures.Select(m => Build(m, table, report, generated)).ToList();

    private static MeasureReport Build(string measure, ReportTable table, AllianceReport? subjects, DateTimeOffset generated)
    {
        var type = subjects is null ? MeasureReport.MeasureReportType.Summary : MeasureReport.MeasureReportType.SubjectList;
        var typeCode = subjects is null ? "summary" : "subject-list";
        var identifier = $"{measure}|{table.Period}|{typeCode}";
        var report = new MeasureReport
        {
            Id = ResourceIds.For("measure-report", identifier),
            Identifier = [new Identifier(IdentifierSystem, identifier)],
            Status = MeasureReport.MeasureReportStatus.Complete,
            Type = type,
            Measure = MeasureUrl(measure),
            DateElement = new FhirDateTime(generated),
            Period = new Period(new FhirDateTime(table.Period.Start), new FhirDateTime(table.Period.End.AddSeconds(-1))),
            ImprovementNotation = new CodeableConcept("http://terminology.hl7.org/CodeSystem/measure-improvement-notation",
                measure == Indicators.RupturesMeasure ? "decrease" : "increase"),
        };
        foreach (var indicator in Indicators.All.Where(i => i.Measure == measure))
        {
            var overall = table.Row(indicator);
            var group = new MeasureReport.GroupComponent
            {
                Code = new CodeableConcept(IndicatorSystem, indicator.Id, indicator.Title),
                MeasureScore = Score(overall, indicator),
            };
            group.Population.AddRange(Populations(overall, subjects?.Patients, indicator, report, indicator.Id));
            foreach (var stratifier in Stratifier.All)
            {
                var component = new MeasureReport.StratifierComponent { Code = [new CodeableConcept { Text = stratifier }] };
                foreach (var row in table.Rows.Where(r => r.Indicator == indicator && r.Stratifier == stratifier))
                {
                    var stratum = new MeasureReport.StratifierGroupComponent
                    {
                        Value = new CodeableConcept { Text = row.Stratum },
                        MeasureScore = Score(row, indicator),
                    };
                    // Subject lists at group level only: a stratum's members are the group's, filtered by the stratum value.
                    foreach (var p in Populations(row, null, indicator, report, $"{indicator.Id}-{stratifier}-{Slug(row.Stratum)}"))
                        stratum.Population.Add(new MeasureReport.StratifierGroupPopulationComponent
                        {
                            Code = p.Code, CountElement = p.CountElement, Extension = p.Extension, SubjectResults = p.SubjectResults,
                        });
                    component.Stratum.Add(stratum);
                }
                group.Stratifier.Add(component);
            }
            report.Group.Add(group);
        }
        return report;
    }

    private static IEnumerable<MeasureReport.PopulationComponent> Populations(
        ReportRow row, IEnumerable<PatientFacts>? patients, Indicator indicator, MeasureReport report, string listKey)
    {
        var list = patients?.ToList();
        yield return Population("initial-population", row.Denominator, list, indicator.Denominator, report, listKey);
        yield return Population("denominator", row.Denominator, list, indicator.Denominator, report, listKey);
        yield return Population("numerator", row.Numerator, list, indicator.Numerator, report, listKey);
    }

    private static MeasureReport.PopulationComponent Population(string code, Cell cell, List<PatientFacts>? patients, string field, MeasureReport report, string listKey)
    {
        var population = new MeasureReport.PopulationComponent { Code = new CodeableConcept(PopulationSystem, code) };
        if (cell.Suppressed) population.Extension.Add(new Extension(DataAbsentReason, new Code("masked")));
        else population.Count = cell.Value;
        if (patients is null || code == "initial-population") return population;
        var members = patients.Where(p => Contributes(p, field)).Select(p => p.Reference).ToList();
        var id = $"list-{report.Contained.Count + 1}";
        var list = new List
        {
            Id = id,
            Status = List.ListStatus.Current,
            Mode = ListMode.Snapshot,
            Title = $"{code} {listKey}",
        };
        foreach (var m in members) list.Entry.Add(new List.EntryComponent { Item = new ResourceReference(m) });
        report.Contained.Add(list);
        population.SubjectResults = new ResourceReference("#" + id);
        return population;
    }

    /// <summary>Whether a patient is in (or, for event counts, contributes to) a population.</summary>
    private static bool Contributes(PatientFacts f, string field) => field switch
    {
        nameof(PopulationCounts.Active) => f.Active,
        nameof(PopulationCounts.Covered) => f.AllianceInPeriod,
        nameof(PopulationCounts.HalfMeasured) => f.HalfMeasured,
        nameof(PopulationCounts.EarlyEligible) => f.EarlyEligible,
        nameof(PopulationCounts.EarlyMeasured) => f.EarlyMeasured,
        nameof(PopulationCounts.MeasuredSessions) => f.MeasuredSessionsInPeriod > 0,
        nameof(PopulationCounts.Ruptures) => f.Ruptures > 0,
        nameof(PopulationCounts.Repaired) => f.RupturesRepaired > 0,
        nameof(PopulationCounts.OutcomeCohort) => f.OutcomeCohort,
        nameof(PopulationCounts.ReliableImprovement) => f.OutcomeCohort && f.ReliableImprovement,
        nameof(PopulationCounts.Cases) => f.OutcomeCohort && f.CaseAtFirst,
        nameof(PopulationCounts.Recovered) => f.OutcomeCohort && f.CaseAtFirst && f.Recovery,
        nameof(PopulationCounts.ReliablyRecovered) => f.OutcomeCohort && f.CaseAtFirst && f.ReliableRecovery,
        _ => false,
    };

    private static Quantity? Score(ReportRow row, Indicator indicator) => row.Rate is { } rate
        ? new Quantity { Value = rate, Unit = indicator.Unit, System = CanonicalUrls.Ucum, Code = indicator.Unit == "%" ? "%" : "1" }
        : null;

    private static string Slug(string value) => new(value.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());
}
