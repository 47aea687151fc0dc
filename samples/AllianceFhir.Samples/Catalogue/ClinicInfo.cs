namespace AllianceFhir.Samples.Catalogue;

/// <summary>A synthetic clinic (Organization) and how its EHR records measures.</summary>
/// <param name="Id">Organization id.</param>
/// <param name="Name">Organization name.</param>
/// <param name="City">City of the address.</param>
/// <param name="Weight">Share of patients.</param>
/// <param name="Digital">A digital service: patients are digital or blended, not face-to-face.</param>
/// <param name="VersionedCanonical">Its EHR sends questionnaire canonicals with "|1.0.0".</param>
/// <param name="AsksDifficulty">Its forms include the PHQ-9 / GAD-7 difficulty item.</param>
/// <param name="Practitioners">Its therapists.</param>
internal sealed record ClinicInfo(
    string Id,
    string Name,
    string City,
    double Weight,
    bool Digital,
    bool VersionedCanonical,
    bool AsksDifficulty,
    IReadOnlyList<PractitionerInfo> Practitioners);
