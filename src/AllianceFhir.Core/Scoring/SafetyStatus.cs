namespace AllianceFhir.Core.Scoring;

public enum SafetyStatus
{
    /// <summary>The safety item was answered below its threshold.</summary>
    Negative,
    /// <summary>The safety item was answered at or above its threshold: alert at once.</summary>
    Positive,
    /// <summary>The safety item was not answered: reported as missing, never prorated.</summary>
    Missing,
}
