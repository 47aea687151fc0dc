using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Samples.Catalogue;

/// <summary>
/// The canonical URLs only the generated cohort uses; the project's and the standard ones (LOINC, UCUM, answer scales,
/// observation category) come from Core's <see cref="CanonicalUrls"/>, the ones the scorer reads.
/// </summary>
internal static class FhirUrls
{
    public const string QuestionnaireBase = CanonicalUrls.Base + "/Questionnaire/";
    public const string DeliveryModeExtension = CanonicalUrls.Base + "/StructureDefinition/delivery-mode";
    public const string ProgrammeExtension = CanonicalUrls.Base + "/StructureDefinition/programme";
    public const string SyntheticMrn = CanonicalUrls.Base + "/sid/synthetic-mrn";
    public const string Version = "1.0.0";
    public const string ActReason = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
}
