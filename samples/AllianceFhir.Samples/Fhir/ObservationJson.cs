using System.Text.Json;
using AllianceFhir.Samples.Catalogue;
using AllianceFhir.Samples.Planning;
using CanonicalUrls = AllianceFhir.Core.Catalogue.CanonicalUrls;

namespace AllianceFhir.Samples.Fhir;

/// <summary>
/// A plain PHQ-9 (44261-6) or GAD-7 (70274-6) total Observation, as some EHRs store screening scores:
/// no derivedFrom and no items. The digital clinic's EHR writes valueInteger, the others valueQuantity {score}.
/// </summary>
internal static class ObservationJson
{
    public static void WriteScreening(Utf8JsonWriter w, PatientPlan plan, bool phq9)
    {
        var screening = plan.Screening!;
        w.WriteStartObject();
        w.WriteString("resourceType", "Observation");
        w.WriteString("id", $"obs-{plan.Id}-{(phq9 ? "phq-9" : "gad-7")}-screen");
        w.WriteString("status", "final");
        w.WriteStartArray("category");
        w.WriteStartObject();
        w.WriteStartArray("coding");
        JsonParts.Coding(w, CanonicalUrls.ObservationCategory, "survey", "Survey");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        JsonParts.CodeableConcept(
            w,
            "code",
            CanonicalUrls.Loinc,
            phq9 ? Loinc.Phq9Total : Loinc.Gad7Total,
            phq9 ? Loinc.Phq9TotalDisplay : Loinc.Gad7TotalDisplay,
            phq9 ? "PHQ-9 total score" : "GAD-7 total score");
        JsonParts.Reference(w, "subject", plan.Reference);
        w.WriteString("effectiveDateTime", FhirFormat.DateTime(screening.Time));
        w.WriteStartArray("performer");
        w.WriteStartObject();
        w.WriteString("reference", plan.PractitionerReference);
        w.WriteEndObject();
        w.WriteEndArray();
        int value = phq9 ? screening.Phq9Total : screening.Gad7Total;
        if (plan.Clinic.Digital)
        {
            w.WriteNumber("valueInteger", value);
        }
        else
        {
            w.WriteStartObject("valueQuantity");
            w.WriteNumber("value", value);
            w.WriteString("unit", "{score}");
            w.WriteString("system", CanonicalUrls.Ucum);
            w.WriteString("code", "{score}");
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}
