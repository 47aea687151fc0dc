namespace AllianceFhir.Core.Reports;

/// <summary>
/// What a report needs to know about a patient to place them in strata: Patient.birthDate, managingOrganization,
/// the first generalPractitioner, and the programme and delivery-mode extensions. Unknown values are null.
/// </summary>
public sealed record ReportPatient(
    string Reference,
    DateOnly? BirthDate,
    string? Clinic,
    string? Clinician,
    string? Programme,
    string? DeliveryMode);
