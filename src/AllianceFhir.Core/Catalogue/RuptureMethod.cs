namespace AllianceFhir.Core.Catalogue;

public enum RuptureMethod
{
    /// <summary>A session-to-session drop of at least N SD of the patient's own earlier scores (Stiles 2004, Strauss 2006).</summary>
    SdDrop,
    /// <summary>A score below the instrument's cutoff (PCOMS / OpenFIT, SRS 36).</summary>
    BelowCutoff,
    /// <summary>A score at least N points below the previous session (PCOMS / OpenFIT, SRS 1 point).</summary>
    PointDrop,
}
