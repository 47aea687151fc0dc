namespace AllianceFhir.Core.Trajectories;

/// <summary>Trajectory rules that are choices rather than published constants; each default names its source.</summary>
public sealed record TrajectorySettings
{
    /// <summary>Default: NHS Talking Therapies Manual (fixed thresholds carried in the profiles).</summary>
    public ReliableChangeMethod ReliableChange { get; init; } = ReliableChangeMethod.FixedThreshold;

    /// <summary>Response: at least a 50% reduction from baseline (docs/domain.md §3; Kroenke et al. 2001 usage).</summary>
    public decimal ResponseReduction { get; init; } = 0.5m;

    /// <summary>
    /// Expected-trajectory model: expected(s) = baseline × (1 − k·ln s) for session s, floored at the scale minimum.
    /// A log-linear dose–response curve, the shape OQ-Analyst's expected recovery curves use (Finch, Lambert &amp;
    /// Schaalje 2001); k = 0.15 (≈ 31% expected improvement by session 8) is an unverified default to calibrate locally.
    /// </summary>
    public decimal ExpectedImprovementPerLogSession { get; init; } = 0.15m;

    /// <summary>Not on track when worse than expected by more than this fraction of the reliable-change threshold (unverified default).</summary>
    public decimal NotOnTrackToleranceFraction { get; init; } = 0.5m;

    /// <summary>The instruments NHS Talking Therapies pairs for caseness and recovery (catalogue ids).</summary>
    public string PairedDepressionInstrument { get; init; } = "phq-9";

    /// <summary>See <see cref="PairedDepressionInstrument"/>.</summary>
    public string PairedAnxietyInstrument { get; init; } = "gad-7";

    /// <summary>No not-on-track signal before this session: too early to judge (OQ-Analyst and PCOMS signal from the third session).</summary>
    public int NotOnTrackFromSession { get; init; } = 3;
}
