namespace AllianceFhir.Core.Alerts;

public enum AlertKind
{
    /// <summary>PHQ-9 item 9 (or another safety item) answered above its threshold.</summary>
    Safety,
    /// <summary>An alliance rupture that has not been repaired.</summary>
    AllianceRupture,
    /// <summary>A symptom score worse than the expected trajectory.</summary>
    NotOnTrack,
}
