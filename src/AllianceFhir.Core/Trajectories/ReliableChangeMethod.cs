namespace AllianceFhir.Core.Trajectories;

public enum ReliableChangeMethod
{
    /// <summary>NHS Talking Therapies: a change of at least the instrument's fixed threshold (PHQ-9 6, GAD-7 4).</summary>
    FixedThreshold,
    /// <summary>Jacobson &amp; Truax 1991: |Δ| &gt; 1.96·SD·√2·√(1−r), from the profile's SD and reliability.</summary>
    JacobsonTruax,
}
