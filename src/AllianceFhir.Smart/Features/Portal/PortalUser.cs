namespace AllianceFhir.Smart.Features.Portal;

/// <summary>
/// The user of a patient-facing session, from the launch's <c>fhirUser</c> (SMART App Launch 2.2: a Patient, or a
/// RelatedPerson filling a caregiver form; docs/domain.md §8). A session whose user is neither is a clinician's.
/// </summary>
public sealed record PortalUser(string ResourceType, string Id)
{
    public const string Patient = "Patient";
    public const string RelatedPerson = "RelatedPerson";

    /// <summary><c>Patient/123</c> or <c>RelatedPerson/abc</c>: what a response's <c>author</c> and a Task's <c>owner</c> hold.</summary>
    public string Reference => $"{ResourceType}/{Id}";

    public bool IsCaregiver => ResourceType == RelatedPerson;

    /// <summary>The Patient or RelatedPerson <paramref name="fhirUser"/> names (absolute under any base, or relative), else null.</summary>
    public static PortalUser? From(string? fhirUser)
    {
        if (string.IsNullOrWhiteSpace(fhirUser) || fhirUser.Contains('?') || fhirUser.Contains('#')) return null;
        var parts = fhirUser.TrimEnd('/').Split('/');
        if (parts.Length < 2) return null;
        var (type, id) = (parts[^2], parts[^1]);
        if (type is not (Patient or RelatedPerson) || id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')) return null;
        return new PortalUser(type, id);
    }
}
