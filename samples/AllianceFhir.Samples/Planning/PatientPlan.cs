using AllianceFhir.Samples.Catalogue;

namespace AllianceFhir.Samples.Planning;

/// <summary>Everything decided about one synthetic patient before any resource is written.</summary>
/// <param name="DeliveryMode">face-to-face | digital | blended.</param>
/// <param name="Programme">youth | adult-iapt | long-term-conditions.</param>
/// <param name="SelfHarmRisk">PHQ-9 item 9 is likely to be above 0 while the total is 10 or more.</param>
/// <param name="SymptomsClinicianEntered">PHQ-9 / GAD-7 are entered by the therapist (author Practitioner) rather than self-reported.</param>
internal sealed record PatientPlan(
    int Index,
    string Id,
    string Given,
    string Family,
    string Gender,
    DateOnly BirthDate,
    ClinicInfo Clinic,
    PractitionerInfo Practitioner,
    string DeliveryMode,
    string Programme,
    InstrumentSpec AllianceInstrument,
    TrajectoryKind Trajectory,
    RuptureKind Rupture,
    bool SelfHarmRisk,
    bool SymptomsClinicianEntered,
    ScreeningPlan? Screening,
    IReadOnlyList<SessionPlan> Sessions)
{
    public string Reference => "Patient/" + Id;

    public string PractitionerReference => "Practitioner/" + Practitioner.Id;
}
