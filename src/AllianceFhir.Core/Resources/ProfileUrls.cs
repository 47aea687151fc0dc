using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Resources;

public static class ProfileUrls
{
    public const string SymptomScore = CanonicalUrls.Base + "/StructureDefinition/symptom-score-observation";
    public const string AllianceScore = CanonicalUrls.Base + "/StructureDefinition/alliance-score-observation";
    public const string Trajectory = CanonicalUrls.Base + "/StructureDefinition/trajectory-observation";
    public const string AlertFlag = CanonicalUrls.Base + "/StructureDefinition/alert-flag";
    public const string AlertTask = CanonicalUrls.Base + "/StructureDefinition/alert-task";
    public const string AlertCommunication = CanonicalUrls.Base + "/StructureDefinition/alert-communication";
}
