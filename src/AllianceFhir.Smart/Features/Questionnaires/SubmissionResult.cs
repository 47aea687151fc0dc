namespace AllianceFhir.Smart.Features.Questionnaires;

/// <summary>What the app tells the clinician after a submission: the scores, and for a safety answer what to do next.</summary>
public sealed record SubmissionResult(
    string ResponseId,
    bool AlreadySubmitted,
    string InstrumentId,
    string InstrumentTitle,
    IReadOnlyList<SubmittedScore> Scores,
    SafetyNextSteps? Safety,
    bool ScoresWritten,
    string? ScoresNotWrittenReason);

public sealed record SubmittedScore(string Scale, decimal Value, string? Band, bool Prorated);

/// <summary>
/// Plain next steps for a positive self-harm item, always sent once the response is saved; <see cref="AlertType"/> is
/// the channel the alert went to. When the EHR took no alert (no channel it accepts, or the write refused),
/// <see cref="AlertWritten"/> is false with the reason and what to do instead.
/// </summary>
public sealed record SafetyNextSteps(string Message, string? AlertType, string? AlertId, bool AlertWritten, string? AlertNotWrittenReason, string? AlertNotWrittenAdvice);
