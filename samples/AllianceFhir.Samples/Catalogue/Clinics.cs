namespace AllianceFhir.Samples.Catalogue;

/// <summary>The three synthetic clinics and their six therapists.</summary>
internal static class Clinics
{
    public static readonly IReadOnlyList<ClinicInfo> All =
    [
        new("clinic-north", "North Talking Therapies Clinic", "Northfield", 0.4, Digital: false, VersionedCanonical: false, AsksDifficulty: true,
            [new("prac-north-1", "Dr", "Amara", "Okafor"), new("prac-north-2", "Mx", "Jordan", "Whitfield")]),
        new("clinic-south", "South Community Psychology Service", "Southmere", 0.35, Digital: false, VersionedCanonical: false, AsksDifficulty: false,
            [new("prac-south-1", "Dr", "Priya", "Raman"), new("prac-south-2", "Mr", "Tomasz", "Nowicki")]),
        new("clinic-digital", "Digital Therapies Service", "Online", 0.25, Digital: true, VersionedCanonical: true, AsksDifficulty: true,
            [new("prac-digital-1", "Ms", "Leila", "Haddad"), new("prac-digital-2", "Dr", "Samuel", "Mensah")]),
    ];

    public static int PractitionerCount => All.Sum(c => c.Practitioners.Count);
}
