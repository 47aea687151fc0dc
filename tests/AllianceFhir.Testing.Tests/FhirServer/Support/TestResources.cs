using Hl7.Fhir.Model;

namespace AllianceFhir.Testing.Tests.FhirServer.Support;

/// <summary>Valid resources with an identifier system of their own, so tests sharing a server never see each other's data.</summary>
internal static class TestResources
{
    public static string NewSystem() => $"https://alliancefhir.org/test/{Guid.NewGuid():N}";

    /// <summary>A PHQ-9 total (LOINC 44261-6) as an EHR stores it.</summary>
    public static Observation Phq9Total(string system, string value, int score = 12, DateTimeOffset? effective = null, string? patientReference = null) => new()
    {
        Identifier = [new Identifier(system, value)],
        Status = ObservationStatus.Final,
        Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "survey")],
        Code = new CodeableConcept("http://loinc.org", "44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
        Subject = patientReference is null ? null : new ResourceReference(patientReference),
        Effective = new FhirDateTime(effective ?? new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero)),
        Value = new Quantity { Value = score, Unit = "{score}", System = "http://unitsofmeasure.org", Code = "{score}" },
    };

    public static Patient Patient(string system, string value) => new()
    {
        Identifier = [new Identifier(system, value)],
        Name = [new HumanName { Family = "Test", Given = ["Synthetic"] }],
        Gender = AdministrativeGender.Unknown,
    };

    public static Flag Flag(string system, string value, string patientReference) => new()
    {
        Identifier = [new Identifier(system, value)],
        Status = Hl7.Fhir.Model.Flag.FlagStatus.Active,
        Code = new CodeableConcept { Text = "Check in with the client about the working alliance" },
        Subject = new ResourceReference(patientReference),
    };
}
