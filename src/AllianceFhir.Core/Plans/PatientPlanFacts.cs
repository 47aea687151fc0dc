namespace AllianceFhir.Core.Plans;

/// <summary>What the schedule needs to know about one patient, read from the EHR at the edge.</summary>
/// <param name="Patient">Patient/id.</param>
/// <param name="BirthDate">Patient.birthDate; null when absent (age-routed measures are then not assigned).</param>
/// <param name="Programme">The programme's measures (configuration).</param>
/// <param name="CarePlan">Measures from the patient's active CarePlans; one for the same questionnaire and informant
/// replaces the programme's.</param>
/// <param name="Sessions">Booked sessions near now (the job reads those within the lead time either side).</param>
/// <param name="Caregivers">The patient's active RelatedPersons (RelatedPerson/id).</param>
/// <param name="Responses">The patient's completed responses since the earliest window start: a measure already
/// completed in its window is not assigned again.</param>
public sealed record PatientPlanFacts(
    string Patient,
    DateOnly? BirthDate,
    IReadOnlyList<PlannedMeasure> Programme,
    IReadOnlyList<PlannedMeasure> CarePlan,
    IReadOnlyList<PlannedSession> Sessions,
    IReadOnlyList<string> Caregivers,
    IReadOnlyList<CompletedResponse> Responses);
