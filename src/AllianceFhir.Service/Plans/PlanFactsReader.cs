using System.Globalization;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Plans;
using AllianceFhir.Core.Resources;
using AllianceFhir.Ehr.Clinical;
using AllianceFhir.Reports;
using AllianceFhir.Service.Ingest;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;
using Task = Hl7.Fhir.Model.Task;

namespace AllianceFhir.Service.Plans;

/// <summary>
/// Reads what the schedule needs in a handful of paged searches per run (not per patient): Patients (birth date,
/// programme extension), active CarePlans, Appointments within the lead time either side of now, active RelatedPersons
/// (only when a plan asks a caregiver), our open questionnaire Tasks and the completed responses since the earliest
/// period still open. A type the EHR does not have (404) reads as none, with a warning.
/// </summary>
public sealed class PlanFactsReader(EngineContext engine, IOptions<MeasurementPlansOptions> options, ILogger<PlanFactsReader> log)
{
    private static readonly Appointment.AppointmentStatus[] Sessions =
        [Appointment.AppointmentStatus.Booked, Appointment.AppointmentStatus.Arrived, Appointment.AppointmentStatus.CheckedIn, Appointment.AppointmentStatus.Fulfilled];

    public async Task<PlanFacts> ReadAsync(IEhrSearch ehr, DateTimeOffset now, CancellationToken ct)
    {
        var o = options.Value;
        var lead = o.SessionLeadTime;
        var programmes = o.EffectiveProgrammes().ToDictionary(p => p.Key, p => MeasurementPlansOptions.MeasuresOf(p.Key, p.Value, TimingOf));
        var asksCaregivers = programmes.Values.SelectMany(m => m).Any(m => m.Informant == Informant.Caregiver);

        var patients = (await ReadAsync<Patient>(ehr, "Patient", [], required: true, ct)).Where(p => p.Active != false && p.Id is not null).ToList();
        var carePlans = new Dictionary<string, List<PlannedMeasure>>(StringComparer.Ordinal);
        if (o.ReadCarePlans)
        {
            var problems = new List<string>();
            foreach (var plan in await ReadAsync<CarePlan>(ehr, "CarePlan", [new("status", "active")], required: false, ct))
                if (plan.Subject?.Reference is { } subject)
                    Add(carePlans, subject, CarePlanMeasures.Read(plan, TimingOf, problems));
            foreach (var p in problems) log.LogWarning("Measurement plan from a CarePlan not read: {Problem}", p);
        }
        var sessions = new Dictionary<string, List<PlannedSession>>(StringComparer.Ordinal);
        foreach (var a in await ReadAsync<Appointment>(ehr, "Appointment", [new("date", "ge" + Instant(now - lead)), new("date", "le" + Instant(now + lead))], required: false, ct))
        {
            if (a.Status is not { } status || !Sessions.Contains(status) || a.Start is not { } start) continue;
            foreach (var patient in a.Participant.Select(p => p.Actor?.Reference).Where(r => r?.StartsWith("Patient/", StringComparison.Ordinal) == true))
                Add(sessions, patient!, [new PlannedSession($"Appointment/{a.Id}", start, a.End)]);
        }
        var caregivers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (asksCaregivers)
            foreach (var rp in await ReadAsync<RelatedPerson>(ehr, "RelatedPerson", [], required: false, ct))
                if (rp.Active != false && rp.Patient?.Reference is { } patient) Add(caregivers, patient, [$"RelatedPerson/{rp.Id}"]);

        var open = new List<(Task, OpenQuestionnaireTask)>();
        foreach (var t in await ReadAsync<Task>(ehr, "Task",
                     [new("identifier", QuestionnaireTasks.IdentifierSystem + "|"), new("status", string.Join(",", QuestionnaireTasks.OpenStatuses))], required: false, ct))
            if (Open(t) is { } x) open.Add((t, x));

        var longest = programmes.Values.SelectMany(m => m).Concat(carePlans.Values.SelectMany(m => m)).Select(m => m.EveryDays ?? 0).DefaultIfEmpty(0).Max();
        var earliest = new[] { now - lead, now.AddDays(-longest) }.Concat(open.Select(x => x.Item2.PeriodStart).OfType<DateTimeOffset>()).Min();
        var responses = (await ReadAsync<QuestionnaireResponse>(ehr, "QuestionnaireResponse",
                [new("status", "completed,amended"), new("authored", "ge" + Instant(earliest))], required: false, ct))
            .Select(r => new CompletedResponse($"QuestionnaireResponse/{r.Id}", r.Subject?.Reference, r.Questionnaire,
                r.AuthoredElement?.ToDateTimeOffset(TimeSpan.Zero), r.BasedOn.Select(b => b.Reference).OfType<string>().ToList(), r.Author?.Reference))
            .ToList();
        var byPatient = responses.Where(r => r.Patient is not null).GroupBy(r => r.Patient!).ToDictionary(g => g.Key, g => g.ToList());

        var facts = patients.Select(p =>
        {
            var reference = $"Patient/{p.Id}";
            var programme = Programme(p) is { } named && programmes.TryGetValue(named, out var m) ? m : programmes.GetValueOrDefault(o.DefaultProgramme) ?? [];
            return new PatientPlanFacts(reference, PlanAge.ParseBirthDate(p.BirthDate), programme,
                carePlans.GetValueOrDefault(reference) ?? [], sessions.GetValueOrDefault(reference) ?? [],
                caregivers.GetValueOrDefault(reference) ?? [], byPatient.GetValueOrDefault(reference) ?? []);
        }).ToList();
        return new PlanFacts(facts, open, responses);
    }

    /// <summary>Alliance measures rate the session just had: after it; every other measure before it (docs/domain.md §8).</summary>
    private SessionTiming TimingOf(string questionnaire) =>
        engine.Catalogue.Resolve(questionnaire)?.Category == InstrumentCategory.Alliance ? SessionTiming.AfterSession : SessionTiming.BeforeSession;

    private static string? Programme(Patient p) => p.GetExtension(PatientDemographics.ProgrammeExtension)?.Value switch
    {
        Code c => c.Value,
        FhirString s => s.Value,
        Coding coding => coding.Code,
        CodeableConcept cc => cc.Coding.FirstOrDefault()?.Code ?? cc.Text,
        _ => null,
    };

    private static OpenQuestionnaireTask? Open(Task t)
    {
        var questionnaire = t.Input.Where(i => i.Type?.Coding.Any(c => c.System == QuestionnaireTasks.SdcTempSystem && c.Code == QuestionnaireTasks.QuestionnaireInput) == true)
            .Select(i => i.Value switch { Canonical c => c.Value, FhirUri u => u.Value, FhirString s => s.Value, _ => null }).FirstOrDefault(v => v is not null);
        if (t.Id is null || t.For?.Reference is not { } patient || questionnaire is null || QuestionnaireTaskBuilder.WriteIdentifier(t) is null) return null;
        var period = t.Restriction?.Period;
        return new OpenQuestionnaireTask($"Task/{t.Id}", patient, questionnaire, t.Owner?.Reference, period?.StartElement?.ToDateTimeOffset(TimeSpan.Zero), period?.EndElement?.ToDateTimeOffset(TimeSpan.Zero));
    }

    private async Task<List<T>> ReadAsync<T>(IEhrSearch ehr, string type, IReadOnlyList<KeyValuePair<string, string>> parameters, bool required, CancellationToken ct)
        where T : Resource
    {
        var read = new List<T>();
        try
        {
            await foreach (var r in ehr.SearchAsync(type, parameters, ct))
                if (r is T t) read.Add(t);
        }
        catch (Exception e) when (!required && e is not OperationCanceledException)
        {
            log.LogWarning("Measurement plans: {Type} could not be searched ({Error}); read as none this run", type, e.GetType().Name);
        }
        return read;
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string key, IEnumerable<T> values)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.AddRange(values);
    }

    private static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
