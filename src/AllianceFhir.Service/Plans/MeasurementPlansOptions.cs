using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Plans;

namespace AllianceFhir.Service.Plans;

/// <summary>
/// Measurement plans and assigned questionnaires (issue 13 §1). Section "MeasurementPlans". Off by default: assigning
/// Tasks to every patient of an EHR is a site's decision, never a side effect of an upgrade.
/// </summary>
public sealed class MeasurementPlansOptions
{
    public const string Section = "MeasurementPlans";

    /// <summary>Assign, complete, expire and remind. False (default): the job runs and does nothing.</summary>
    public bool Enabled { get; set; }

    /// <summary>Cron for assign-questionnaires (default hourly at :20), read in Jobs:TimeZone.</summary>
    public string Cron { get; set; } = "20 * * * *";

    /// <summary>The Task's requester (SDC: required): an Organization/, Practitioner/, PractitionerRole/ or Device/ reference. Required when enabled.</summary>
    public string? Requester { get; set; }

    /// <summary>The plan of patients without a programme extension (https://alliancefhir.org/fhir/StructureDefinition/programme).</summary>
    public string DefaultProgramme { get; set; } = DefaultPlans.TalkingTherapies;

    /// <summary>
    /// Programmes by name (the Patient's programme extension). Empty: the built-in <see cref="DefaultPlans"/>.
    /// </summary>
    public Dictionary<string, ProgrammePlanOptions> Programmes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// How long before a session a before-session measure may be done, and after one an after-session measure
    /// (default 3 days: unverified; PHQ-9 and GAD-7 ask about the last two weeks, so a few days before a weekly session
    /// still covers the time since the last one).
    /// </summary>
    public TimeSpan SessionLeadTime { get; set; } = TimeSpan.FromDays(3);

    /// <summary>A reminder (Communication, where the EHR takes one) this long before an open Task's period ends; null: none. Default 1 day (unverified).</summary>
    public TimeSpan? ReminderBefore { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Read patients' active CarePlans for their own measures (docs/domain.md §8).</summary>
    public bool ReadCarePlans { get; set; } = true;

    /// <summary>The plans in force: the configured ones, or the built-in defaults when none is configured.</summary>
    public IReadOnlyDictionary<string, ProgrammePlanOptions> EffectiveProgrammes() =>
        Programmes.Count > 0 ? Programmes : DefaultPlans.All();

    /// <summary>A programme's measures as Core reads them.</summary>
    public static IReadOnlyList<PlannedMeasure> MeasuresOf(string name, ProgrammePlanOptions programme, Func<string, SessionTiming> timingOf) =>
        programme.Measures.Select(m => new PlannedMeasure(m.Questionnaire, m.EveryDays, m.Timing ?? timingOf(m.Questionnaire), m.Ages.ToHashSet(), m.Informant, name)).ToList();
}
