namespace AllianceFhir.Core.Confidentiality;

/// <summary>
/// Security labels on a young person's alliance answers (issue 13 §4; docs/domain.md §9): which labels, for whom.
/// Bound from the configuration section <c>Confidentiality</c>; each default names its source.
/// </summary>
public sealed record ConfidentialitySettings
{
    /// <summary>
    /// Patients younger than this (whole years at the response's authored date, from <c>Patient.birthDate</c>) get the
    /// labels. 18: the age of majority in the UK, the US and most EHRs' proxy rules, the point where parental proxy access
    /// to a record ordinarily ends, so below it a parent may hold proxy access the label lets the EHR refuse
    /// (docs/domain.md §9; the 14–24 young-people band of the scoping review reaches past it, and a site that also wants
    /// 18–24 labelled sets 25). 0 turns labelling off.
    /// </summary>
    public int YoungPersonAgeLimit { get; init; } = 18;

    /// <summary>
    /// The v3 Confidentiality code put in <c>meta.security</c> (HL7 v3-Confidentiality, the one confidentiality label a
    /// resource carries in FHIR R4's security-labels guidance): <c>R</c> restricted, "granted only to individuals with a
    /// need to know"; empty for none (docs/domain.md §9).
    /// </summary>
    public string Confidentiality { get; init; } = "R";

    /// <summary>
    /// v3 ActCode information-sensitivity codes, comma-separated (e.g. <c>MH</c> mental health information sensitivity,
    /// <c>PSY</c> psychiatry); empty for none. Default <c>MH</c>: an alliance rating is mental-health care information
    /// (docs/domain.md §9).
    /// </summary>
    public string Sensitivity { get; init; } = "MH";

    /// <summary>
    /// Whether to label when the age cannot be known (no birth date, or the Patient could not be read). Default true: the
    /// safe setting, since a label withholds only from proxy access and the clinician still sees the data.
    /// </summary>
    public bool LabelWhenAgeUnknown { get; init; } = true;
}
