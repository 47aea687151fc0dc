namespace AllianceFhir.Samples.Catalogue;

/// <summary>Canonical URLs and code systems used in the generated resources.</summary>
internal static class FhirUrls
{
    public const string Base = "https://alliancefhir.org/fhir/";
    public const string QuestionnaireBase = Base + "Questionnaire/";
    public const string AnswerScales = Base + "CodeSystem/answer-scales";
    public const string DeliveryModeExtension = Base + "StructureDefinition/delivery-mode";
    public const string ProgrammeExtension = Base + "StructureDefinition/programme";
    public const string SyntheticMrn = Base + "sid/synthetic-mrn";
    public const string Version = "1.0.0";
    public const string Loinc = "http://loinc.org";
    public const string LoincQuestionnaireBase = "http://loinc.org/q/";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string ActReason = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
}
