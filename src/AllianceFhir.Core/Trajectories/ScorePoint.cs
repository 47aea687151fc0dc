namespace AllianceFhir.Core.Trajectories;

/// <summary>
/// One score in a patient's series. <see cref="SourceReference"/> is the Observation that carries it (ours,
/// or the EHR's own); <see cref="ResponseId"/> the QuestionnaireResponse it derives from; <see cref="ScoredHere"/>
/// is true when AllianceFhir computed it from that response.
/// </summary>
public sealed record ScorePoint(DateTimeOffset When, decimal Value, string SourceReference, string? ResponseId, bool ScoredHere, bool Prorated = false);
