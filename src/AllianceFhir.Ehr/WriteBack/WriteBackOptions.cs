using AllianceFhir.Core.Alerts;

namespace AllianceFhir.Ehr.WriteBack;

/// <summary>How results go back into the EHR. Section "WriteBack".</summary>
public sealed class WriteBackOptions
{
    public const string Section = "WriteBack";

    /// <summary>Alert channels in order of preference; the first the EHR lets us create is used (docs/domain.md §5).</summary>
    public List<AlertChannel> AlertChannels { get; set; } = [AlertChannel.Flag, AlertChannel.Task, AlertChannel.Communication];

    /// <summary>Use the ledger + identifier search even where the EHR declares conditional create.</summary>
    public bool ForceLedger { get; set; }

    /// <summary>Entries per batch Bundle (≥ 50 keeps requests per response low).</summary>
    public int BundleSize { get; set; } = 200;

    public bool WriteProvenance { get; set; } = true;
}
