using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Resources;

/// <summary>Codes and systems of assigned-questionnaire Tasks (HL7 SDC Task profile, docs/domain.md §8).</summary>
public static class QuestionnaireTasks
{
    /// <summary>SDC's temporary code system: complete-questionnaire, questionnaire, questionnaire-response.</summary>
    public const string SdcTempSystem = "http://hl7.org/fhir/uv/sdc/CodeSystem/temp";
    public const string CompleteQuestionnaire = "complete-questionnaire";
    public const string QuestionnaireInput = "questionnaire";
    public const string ResponseOutput = "questionnaire-response";
    public const string SdcTaskProfile = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-task";

    /// <summary>Our identifier system for them: not the alert system, so the alert read-back never takes them for alerts.</summary>
    public const string IdentifierSystem = CanonicalUrls.Base + "/identifier/questionnaire-task";
    public const string ReminderIdentifierSystem = CanonicalUrls.Base + "/identifier/questionnaire-reminder";

    /// <summary>Project codes (profiles/CodeSystem-alliancefhir.json): statusReason of an expired Task, a reminder's reason.</summary>
    public const string ExpiredCode = "questionnaire-expired";
    public const string ReminderCode = "questionnaire-reminder";

    /// <summary>Task statuses that are still open (R4 task-status; docs/domain.md §7).</summary>
    public static readonly IReadOnlyList<string> OpenStatuses = ["requested", "ready", "received", "accepted", "in-progress"];
}
