namespace AllianceFhir.Core.Trajectories;

/// <summary>
/// A patient's NHS Talking Therapies outcome, judged on PHQ-9 and GAD-7 together. Recovery and reliable recovery
/// are null when the patient was not a case at the first measure (there is nothing to recover from).
/// </summary>
public sealed record PairedOutcome(
    string PatientReference,
    Trajectory Depression,
    Trajectory Anxiety,
    bool CaseAtFirst,
    bool? Recovery,
    bool ReliableImprovement,
    bool ReliableDeterioration,
    bool? ReliableRecovery);
