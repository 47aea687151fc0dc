using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Resources;

namespace AllianceFhir.Core.Plans;

/// <summary>
/// A questionnaire due for a patient now: one Task. <see cref="Key"/> is the same every time the same measure falls due
/// for the same owner in the same session or window, so assigning twice writes one Task (docs/adr/0003, deterministic
/// identifiers).
/// </summary>
/// <param name="Occasion">What it is due for: <c>Appointment/id</c> (before or after that session) or <c>days:N:k</c>
/// (the k-th window of N days since 1970-01-01 UTC).</param>
public sealed record QuestionnaireAssignment(
    string Patient,
    string Questionnaire,
    string Owner,
    Informant Informant,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    string Occasion,
    string Source)
{
    public string Key => $"questionnaire-task|{Patient}|{Canonicals.WithoutVersion(Questionnaire)}|{Owner}|{Occasion}";

    /// <summary>The Task's identifier value (and its id in an ndjson output).</summary>
    public string Id => ResourceIds.For("questionnaire-task", Key);
}
