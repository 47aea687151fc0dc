namespace AllianceFhir.Core.Scoring;

public enum SafetyStatus
{
    /// <summary>The safety item was answered below its threshold.</summary>
    Negative,
    /// <summary>The safety item was answered at or above its threshold: alert at once.</summary>
    Positive,
    /// <summary>The safety item was not answered: reported as missing, never prorated.</summary>
    Missing,
    /// <summary>
    /// The response is <c>entered-in-error</c>: whatever the safety item says was never said (docs/domain.md §7), so it
    /// raises no alert. <see cref="SafetySignal.Ordinal"/> keeps what was written, for the audit trail.
    /// </summary>
    EnteredInError,
}
