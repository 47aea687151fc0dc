namespace AllianceFhir.Core.Trajectories;

/// <summary>Overall status; codes in CodeSystem alliancefhir (ValueSet trajectory-status).</summary>
public enum TrajectoryStatus
{
    InsufficientData,
    ReliableRecovery,
    Recovered,
    ReliableImprovement,
    NoReliableChange,
    ReliableDeterioration,
}
