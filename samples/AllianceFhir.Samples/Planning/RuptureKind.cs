namespace AllianceFhir.Samples.Planning;

/// <summary>The planned alliance rupture of a patient.</summary>
internal enum RuptureKind
{
    None,

    /// <summary>V-shaped: a drop, then back to the pre-rupture level within 1–3 sessions.</summary>
    Repaired,

    /// <summary>A drop that stays down to the end of the course.</summary>
    Unrepaired,
}
