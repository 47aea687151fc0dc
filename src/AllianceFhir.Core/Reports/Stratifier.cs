namespace AllianceFhir.Core.Reports;

/// <summary>The ways a report is broken down (DESIGN.md: clinic, clinician, programme, delivery mode, age band).</summary>
public static class Stratifier
{
    public const string Clinic = "clinic";
    public const string Clinician = "clinician";
    public const string Programme = "programme";
    public const string DeliveryMode = "delivery-mode";
    public const string AgeBand = "age-band";

    public const string Unknown = "unknown";

    public static readonly IReadOnlyList<string> All = [Clinic, Clinician, Programme, DeliveryMode, AgeBand];

    public static string Title(string stratifier) => stratifier switch
    {
        Clinic => "Clinic",
        Clinician => "Clinician",
        Programme => "Programme",
        DeliveryMode => "Delivery mode",
        AgeBand => "Age band",
        _ => stratifier,
    };

    /// <summary>The patient's value for each stratifier; age at the last day of the period.</summary>
    public static IReadOnlyDictionary<string, string> Of(ReportPatient? patient, ReportPeriod period) => new Dictionary<string, string>
    {
        [Clinic] = patient?.Clinic ?? Unknown,
        [Clinician] = patient?.Clinician ?? Unknown,
        [Programme] = patient?.Programme ?? Unknown,
        [DeliveryMode] = patient?.DeliveryMode ?? Unknown,
        [AgeBand] = AgeBands.For(patient?.BirthDate, period.LastDay),
    };
}
