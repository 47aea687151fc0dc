namespace AllianceFhir.Core.Alerts;

/// <summary>
/// An alert to raise, before it becomes a Flag, Task or Communication. <see cref="Key"/> is stable across runs,
/// so the same alert always gets the same identifier. Texts invite a check-in with the client and never grade the
/// clinician (Eubanks, Burckell &amp; Goldfried 2018); they carry no patient-identifying detail.
/// </summary>
public sealed record AlertIntent(
    AlertKind Kind,
    string Key,
    string PatientReference,
    string ReasonCode,
    string ReasonDisplay,
    AlertPriority Priority,
    string Summary,
    string Detail,
    DateTimeOffset OccurredAt,
    IReadOnlyList<string> Evidence);
