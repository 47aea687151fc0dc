namespace AllianceFhir.Core.Plans;

/// <summary>An assigned questionnaire Task that is still open (requested, ready, received, accepted or in-progress).</summary>
public sealed record OpenQuestionnaireTask(string Reference, string Patient, string Questionnaire, string? Owner, DateTimeOffset? PeriodStart, DateTimeOffset? PeriodEnd);
