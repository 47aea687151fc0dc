namespace AllianceFhir.Core.Catalogue;

/// <summary>The project's canonical URLs (see docs/adr/0001) and the standard ones the catalogue reads.</summary>
public static class CanonicalUrls
{
    public const string Base = "https://alliancefhir.org/fhir";
    public const string ProjectCodeSystem = Base + "/CodeSystem/alliancefhir";
    public const string AnswerScalesCodeSystem = Base + "/CodeSystem/answer-scales";
    public const string ScoreIdentifierSystem = Base + "/identifier/score";
    public const string TrajectoryIdentifierSystem = Base + "/identifier/trajectory";
    public const string AlertIdentifierSystem = Base + "/identifier/alert";
    public const string ProvenanceIdentifierSystem = Base + "/identifier/provenance";
    /// <summary>QuestionnaireResponses submitted through the SMART app: one identifier per submission, so a resubmit finds the first.</summary>
    public const string ResponseIdentifierSystem = Base + "/identifier/response";

    public const string Loinc = "http://loinc.org";
    public const string LoincQuestionnairePrefix = "http://loinc.org/q/";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string Ucum = "http://unitsofmeasure.org";

    public const string OrdinalValue = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
    public const string MinValue = "http://hl7.org/fhir/StructureDefinition/minValue";
    public const string MaxValue = "http://hl7.org/fhir/StructureDefinition/maxValue";
    public const string CalculatedExpression = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";

    public static string Extension(string name) => Base + "/StructureDefinition/" + name;

    public static readonly string InstrumentCategory = Extension("instrument-category");
    public static readonly string ScoreDirection = Extension("score-direction");
    public static readonly string LicensedText = Extension("licensed-text");
    public static readonly string Scale = Extension("scale");
    public static readonly string SeverityBand = Extension("severity-band");
    public static readonly string Cutoff = Extension("cutoff");
    public static readonly string ReliableChange = Extension("reliable-change");
    public static readonly string RuptureRule = Extension("rupture-rule");
    public static readonly string Subscale = Extension("subscale");
    public static readonly string SafetySignal = Extension("safety-signal");
    public static readonly string Prorated = Extension("prorated");
    public static readonly string Informant = Extension("informant");
    public static readonly string IntendedAge = Extension("intended-age");
    public static readonly string Counterpart = Extension("counterpart");
}
