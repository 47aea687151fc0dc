namespace AllianceFhir.Core.Trajectories;

public sealed record SeriesKey(string PatientReference, string InstrumentId, string ScaleKey);
