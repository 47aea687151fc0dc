namespace AllianceFhir.Ehr.BulkData;

/// <summary>Which <c>$export</c> endpoint to call.</summary>
public enum BulkExportLevel
{
    /// <summary><c>[base]/$export</c>: everything the client may see.</summary>
    System,

    /// <summary><c>[base]/Patient/$export</c>: all patients' compartments.</summary>
    Patient,

    /// <summary><c>[base]/Group/[id]/$export</c>: the members of one Group.</summary>
    Group,
}
