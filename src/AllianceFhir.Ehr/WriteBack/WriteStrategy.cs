namespace AllianceFhir.Ehr.WriteBack;

/// <summary>How writing twice is prevented.</summary>
public enum WriteStrategy
{
    /// <summary>POST with If-None-Exist: identifier=…; the EHR finds the first write (HAPI, Azure).</summary>
    ConditionalCreate,
    /// <summary>The local ledger, then a search by identifier, then a plain create (Epic, Oracle Health).</summary>
    LedgerAndSearch,
}
