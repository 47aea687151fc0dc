using AllianceFhir.Core.Catalogue;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using FhirTask = Hl7.Fhir.Model.Task;

namespace AllianceFhir.Smart.Features.Portal;

/// <summary>
/// Which Tasks are a user's open assigned questionnaires (HL7 SDC task profile, docs/domain.md §8): code
/// <c>complete-questionnaire</c>, an input holding a Questionnaire canonical that is in the catalogue, <c>for</c> the
/// patient in context, <c>owner</c> the signed-in user, status requested, ready or in-progress, and now within
/// <c>restriction.period</c> (an open start or end is no limit). Pure: the EHR search is the caller's.
/// </summary>
public static class AssignedTasks
{
    /// <summary>The SDC temporary code system of <c>complete-questionnaire</c> (SDC 3.0 "Task" profile, unverified beyond it).</summary>
    public const string SdcTaskCodeSystem = "http://hl7.org/fhir/uv/sdc/CodeSystem/temp";

    public const string CompleteQuestionnaire = "complete-questionnaire";

    /// <summary>The output type naming the completed response (SDC temp code system).</summary>
    public const string ResponseOutputType = "questionnaire-response";

    private static readonly FhirTask.TaskStatus[] Open = [FhirTask.TaskStatus.Requested, FhirTask.TaskStatus.Ready, FhirTask.TaskStatus.InProgress];

    /// <summary>The search that finds candidates (filtered again by <see cref="IsOpenFor"/>, since an EHR may ignore a parameter).</summary>
    public static string Query(string patientId, PortalUser user) =>
        $"Task?patient=Patient/{Uri.EscapeDataString(patientId)}&owner={Uri.EscapeDataString(user.Reference)}" +
        $"&code={Uri.EscapeDataString(SdcTaskCodeSystem + "|" + CompleteQuestionnaire)}&status=requested,ready,in-progress&_count=100";

    /// <summary>The questionnaire canonical the Task asks for (the first canonical input), or null.</summary>
    public static string? Canonical(FhirTask task) =>
        task.Input.Select(i => i.Value).OfType<Canonical>().Select(c => c.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))
        ?? task.Input.Select(i => i.Value).OfType<FhirUri>().Select(u => u.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>True when <paramref name="task"/> is an open questionnaire assignment to <paramref name="user"/> about <paramref name="patientId"/> at <paramref name="now"/>.</summary>
    public static bool IsOpenFor(FhirTask task, string patientId, PortalUser user, DateTimeOffset now)
    {
        if (task.Status is not { } status || !Open.Contains(status)) return false;
        if (!task.Code?.Coding.Any(c => c.System == SdcTaskCodeSystem && c.Code == CompleteQuestionnaire) ?? true) return false;
        if (!Names(task.For?.Reference, $"Patient/{patientId}") || !Names(task.Owner?.Reference, user.Reference)) return false;
        var period = task.Restriction?.Period;
        if (period?.StartElement?.ToDateTimeOffset(TimeSpan.Zero) is { } start && now < start) return false;
        if (period?.EndElement?.ToDateTimeOffset(TimeSpan.Zero) is { } end && now > end) return false;
        return Canonical(task) is not null;
    }

    /// <summary>The open assignments among <paramref name="tasks"/> whose questionnaire is in <paramref name="catalogue"/>, soonest due first.</summary>
    public static IReadOnlyList<AssignedQuestionnaire> Select(IEnumerable<FhirTask> tasks, string patientId, PortalUser user, DateTimeOffset now, InstrumentCatalogue catalogue) =>
        tasks.Where(t => t.Id is not null && IsOpenFor(t, patientId, user, now))
            .Select(t => (Task: t, Instrument: catalogue.Resolve(Canonical(t))))
            .Where(x => x.Instrument is not null)
            .Select(x => new AssignedQuestionnaire(x.Task.Id!, x.Instrument!.Id, x.Instrument.Title,
                x.Task.Restriction?.Period?.EndElement?.ToDateTimeOffset(TimeSpan.Zero), EnumUtility.GetLiteral(x.Task.Status!.Value) ?? ""))
            .OrderBy(a => a.DueBy ?? DateTimeOffset.MaxValue).ThenBy(a => a.TaskId, StringComparer.Ordinal)
            .ToList();

    private static bool Names(string? reference, string expected) =>
        reference is not null && (reference == expected || reference.EndsWith("/" + expected, StringComparison.Ordinal));
}
