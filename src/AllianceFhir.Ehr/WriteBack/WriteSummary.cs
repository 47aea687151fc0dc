namespace AllianceFhir.Ehr.WriteBack;

public sealed record WriteSummary(int Created, int Existed, int Failed, int SkippedByLedger, int Requests, IReadOnlyDictionary<string, string?> EhrIds)
{
    /// <summary>Revisions written: updated in place, or created as a replacement where the EHR does not allow update.</summary>
    public int Updated { get; init; }

    public static readonly WriteSummary Empty = new(0, 0, 0, 0, 0, new Dictionary<string, string?>());

    public WriteSummary Plus(WriteSummary other) => new(Created + other.Created, Existed + other.Existed, Failed + other.Failed,
        SkippedByLedger + other.SkippedByLedger, Requests + other.Requests,
        EhrIds.Concat(other.EhrIds).GroupBy(k => k.Key).ToDictionary(g => g.Key, g => g.Last().Value))
    {
        Updated = Updated + other.Updated,
    };
}
