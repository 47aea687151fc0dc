using System.Globalization;
using AllianceFhir.Core.Reports;
using Hl7.Fhir.Model;

namespace AllianceFhir.Reports;

/// <summary>Reads the strata a report needs from a Patient resource.</summary>
public static class PatientDemographics
{
    public const string ProgrammeExtension = "https://alliancefhir.org/fhir/StructureDefinition/programme";
    public const string DeliveryModeExtension = "https://alliancefhir.org/fhir/StructureDefinition/delivery-mode";

    public static ReportPatient From(Patient patient)
    {
        DateOnly? birth = null;
        // A partial birth date (yyyy or yyyy-MM) is taken as its first day: age bands stay right to within a year.
        var text = patient.BirthDate;
        if (!string.IsNullOrEmpty(text))
        {
            var padded = text.Length switch { 4 => text + "-01-01", 7 => text + "-01", _ => text };
            if (DateOnly.TryParseExact(padded, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) birth = d;
        }
        return new ReportPatient(
            $"Patient/{patient.Id}",
            birth,
            patient.ManagingOrganization?.Reference,
            patient.GeneralPractitioner.FirstOrDefault()?.Reference,
            ExtensionText(patient, ProgrammeExtension),
            ExtensionText(patient, DeliveryModeExtension));
    }

    private static string? ExtensionText(Patient patient, string url) => patient.GetExtension(url)?.Value switch
    {
        Code c => c.Value,
        FhirString s => s.Value,
        Coding coding => coding.Code,
        CodeableConcept cc => cc.Coding.FirstOrDefault()?.Code ?? cc.Text,
        _ => null,
    };
}
