using AllianceFhir.Core.Alerts;

namespace AllianceFhir.Ehr.WriteBack;

/// <summary>Chooses, per EHR, the idempotency strategy and the alert channel from its capabilities and configuration.</summary>
public static class WritePlanner
{
    /// <summary>Conditional create only when the EHR declares it for the type and configuration does not force the ledger.</summary>
    public static WriteStrategy Strategy(EhrWriteCapabilities capabilities, string resourceType, bool forceLedger) =>
        !forceLedger && capabilities.CanConditionallyCreate(resourceType) ? WriteStrategy.ConditionalCreate : WriteStrategy.LedgerAndSearch;

    /// <summary>The first configured channel the EHR lets us create; null when it accepts none of them.</summary>
    public static AlertChannel? Channel(EhrWriteCapabilities capabilities, IEnumerable<AlertChannel> preferred) =>
        preferred.Cast<AlertChannel?>().FirstOrDefault(c => capabilities.CanCreate(c!.Value.ToString()));
}
