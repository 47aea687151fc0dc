namespace AllianceFhir.Smart.Features.Questionnaires;

/// <summary>What the app tells the clinician after a submission: the scores, and for a safety answer what to do next.</summary>
public sealed record SubmissionResult(
    string ResponseId,
    bool AlreadySubmitted,
    string InstrumentId,
    string InstrumentTitle,
    IReadOnlyList<SubmittedScore> Scores,
    SafetyNextSteps? Safety);

public sealed record SubmittedScore(string Scale, decimal Value, string? Band, bool Prorated);

/// <summary>Plain next steps for a positive self-harm item; <see cref="AlertType"/> is the channel the alert went to.</summary>
public sealed record SafetyNextSteps(string Message, string? AlertType, string? AlertId);
