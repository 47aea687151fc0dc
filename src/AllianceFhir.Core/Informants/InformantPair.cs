namespace AllianceFhir.Core.Informants;

/// <summary>
/// A self-report instrument and its caregiver (parent) version, each a catalogue id or a Questionnaire canonical
/// (e.g. RCADS ↔ RCADS-P). Configuration: <c>Informants:Pairs:N:Self</c>, <c>Informants:Pairs:N:Caregiver</c>.
/// </summary>
public sealed record InformantPair
{
    public string Self { get; init; } = "";

    public string Caregiver { get; init; } = "";
}
