namespace AllianceFhir.Core.Plans;

/// <summary>A completed (or amended) QuestionnaireResponse, reduced to what matches it to a Task.</summary>
/// <param name="BasedOn">Its <c>basedOn</c> references (Task/id where it answers an assigned Task).</param>
/// <param name="Author">Its author reference (Patient/…, RelatedPerson/…, Practitioner/…), null when absent.</param>
public sealed record CompletedResponse(string Reference, string? Patient, string? Questionnaire, DateTimeOffset? Authored, IReadOnlyList<string> BasedOn, string? Author);
