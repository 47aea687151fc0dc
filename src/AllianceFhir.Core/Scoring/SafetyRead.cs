using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Scoring;

/// <summary>
/// What <see cref="SafetyReader"/> found: the instrument whose safety item it read (null when none could be told),
/// the signal (null when that instrument has no safety item), and warnings saying how an odd response was read.
/// </summary>
public sealed record SafetyRead(Instrument? Instrument, SafetySignal? Signal, IReadOnlyList<ScoringIssue> Issues)
{
    public bool IsPositive => Signal?.Status == SafetyStatus.Positive;
}
