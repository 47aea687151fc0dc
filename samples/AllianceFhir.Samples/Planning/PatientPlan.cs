using AllianceFhir.Samples.Catalogue;

namespace AllianceFhir.Samples.Planning;

/// <summary>Everything decided about one synthetic patient before any resource is written.</summary>
internal sealed record PatientPlan
{
    public required int Index { get; init; }

    public required string Id { get; init; }

    public required string Given { get; init; }

    public required string Family { get; init; }

    public required string Gender { get; init; }

    public required DateOnly BirthDate { get; init; }

    public required ClinicInfo Clinic { get; init; }

    public required PractitionerInfo Practitioner { get; init; }

    /// <summary>face-to-face | digital | blended.</summary>
    public required string DeliveryMode { get; init; }

    /// <summary>youth | adult-iapt | long-term-conditions.</summary>
    public required string Programme { get; init; }

    public required InstrumentSpec AllianceInstrument { get; init; }

    public required TrajectoryKind Trajectory { get; init; }

    public required RuptureKind Rupture { get; init; }

    /// <summary>PHQ-9 item 9 is likely to be above 0 while the total is 10 or more.</summary>
    public required bool SelfHarmRisk { get; init; }

    /// <summary>PHQ-9 / GAD-7 are entered by the therapist (author Practitioner) rather than self-reported.</summary>
    public required bool SymptomsClinicianEntered { get; init; }

    public required ScreeningPlan? Screening { get; init; }

    public required IReadOnlyList<SessionPlan> Sessions { get; init; }

    public string Reference => "Patient/" + Id;

    public string PractitionerReference => "Practitioner/" + Practitioner.Id;
}
