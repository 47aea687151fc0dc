namespace AllianceFhir.Smart.Features.Portal;

/// <summary>One open assigned questionnaire as the client's page lists it.</summary>
public sealed record AssignedQuestionnaire(string TaskId, string InstrumentId, string Title, DateTimeOffset? DueBy, string Status);
