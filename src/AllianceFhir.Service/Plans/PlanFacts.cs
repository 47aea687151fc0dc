using AllianceFhir.Core.Plans;
using Task = Hl7.Fhir.Model.Task;

namespace AllianceFhir.Service.Plans;

/// <summary>What one run read from the EHR: each patient's facts, and our open questionnaire Tasks as the EHR holds them.</summary>
public sealed record PlanFacts(IReadOnlyList<PatientPlanFacts> Patients, IReadOnlyList<(Task Resource, OpenQuestionnaireTask Open)> OpenTasks, IReadOnlyList<CompletedResponse> Responses);
