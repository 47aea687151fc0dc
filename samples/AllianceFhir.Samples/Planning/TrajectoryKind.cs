namespace AllianceFhir.Samples.Planning;

/// <summary>The planned shape of a patient's PHQ-9 / GAD-7 scores over the course.</summary>
internal enum TrajectoryKind
{
    Improving,
    Flat,
    Deteriorating,
}
