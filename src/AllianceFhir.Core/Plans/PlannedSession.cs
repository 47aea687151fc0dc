namespace AllianceFhir.Core.Plans;

/// <summary>A booked session (an Appointment) of the patient.</summary>
public sealed record PlannedSession(string Reference, DateTimeOffset Start, DateTimeOffset? End);
