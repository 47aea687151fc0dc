namespace AllianceFhir.Smart.Features.Questionnaires;

/// <summary>
/// A submission the write path did not save: the <see cref="Answer"/> to send (400 with an OperationOutcome, 413, 422 or
/// 502), and whether the body's self-harm item was read above its threshold (<see cref="PositiveSafetySignal"/>) from the
/// one scoring of that body, so a caller shows next steps without scoring it again (docs/adr/0001).
/// </summary>
public sealed record SubmissionRefusal(IResult Answer, bool PositiveSafetySignal);
