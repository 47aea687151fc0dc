using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Ruptures;

/// <summary>
/// An alliance rupture found by one rule: it starts at the session whose score triggered the rule and is
/// repaired at the first later session whose score returns to <see cref="PreRuptureLevel"/> (Safran et al. 2011;
/// docs/domain.md §4). Sessions are 1-based positions in the patient's series.
/// </summary>
public sealed record RuptureEpisode(
    RuptureRule Rule,
    int StartSession,
    DateTimeOffset StartDate,
    decimal PreRuptureLevel,
    decimal LowestScore,
    int? RepairSession,
    DateTimeOffset? RepairDate)
{
    public decimal Depth => PreRuptureLevel - LowestScore;

    public bool Repaired => RepairSession is not null;
}
