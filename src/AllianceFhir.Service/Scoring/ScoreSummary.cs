namespace AllianceFhir.Service.Scoring;

/// <summary>The counts a score run writes to summary.json.</summary>
public sealed class ScoreSummary
{
    public int Files { get; set; }
    public long Lines { get; set; }
    public long MalformedLines { get; set; }
    public long ResponsesRead { get; set; }
    public long ResponsesScored { get; set; }
    public long ResponsesRejected { get; set; }
    public long ResponsesProrated { get; set; }
    public long ObservationsRead { get; set; }
    public long EhrScoresJoined { get; set; }
    public long OtherResourcesIgnored { get; set; }
    public long SafetySignals { get; set; }
    public long SafetySignalsFromRejectedResponses { get; set; }
    public long SafetyItemMissing { get; set; }
    public long Trajectories { get; set; }
    public long PairedOutcomes { get; set; }
    public long Recovered { get; set; }
    public long ReliablyImproved { get; set; }
    public long Ruptures { get; set; }
    public long RupturesRepaired { get; set; }
    public long Warnings { get; set; }
    public long LinesTooLarge { get; set; }
    public long UnknownResourceTypes { get; set; }
    public long EhrScoresUnusable { get; set; }
    public long DuplicateResponses { get; set; }
    public long ResponsesSuperseded { get; set; }
    public Dictionary<string, long> AlertsByReason { get; set; } = new(StringComparer.Ordinal);
    public Dictionary<string, long> Written { get; set; } = new(StringComparer.Ordinal);
    public double ElapsedSeconds { get; set; }
}
