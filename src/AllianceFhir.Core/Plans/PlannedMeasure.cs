using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Plans;

/// <summary>
/// One instrument in a measurement plan.
/// </summary>
/// <param name="Questionnaire">The Questionnaire's canonical URL (as in the catalogue, e.g. https://alliancefhir.org/fhir/Questionnaire/phq-9).</param>
/// <param name="EveryDays">Null: every session (each booked Appointment); else once in every window of this many days.</param>
/// <param name="Timing">Every-session measures: before or after the session.</param>
/// <param name="Ages">The age groups it is for; empty: any age (also an unknown one).</param>
/// <param name="Informant">Self, or a caregiver.</param>
/// <param name="Source">Where it comes from, for the Task's reason: the programme's name, or CarePlan/id.</param>
/// <param name="Owner">Who completes it when the source names them (a CarePlan activity's performer); null: the patient,
/// or for a caregiver measure each active RelatedPerson of the patient.</param>
public sealed record PlannedMeasure(
    string Questionnaire,
    int? EveryDays,
    SessionTiming Timing,
    IReadOnlySet<AgeGroup> Ages,
    Informant Informant,
    string Source,
    string? Owner = null)
{
    /// <summary>The canonical without a <c>|version</c>: what responses and Tasks are matched on.</summary>
    public string QuestionnaireUrl => Canonicals.WithoutVersion(Questionnaire);
}
