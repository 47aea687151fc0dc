namespace AllianceFhir.Core.Catalogue;

/// <summary>An answer at or above <see cref="MinOrdinal"/> on this item raises a safety alert at once.</summary>
public sealed record SafetySignalRule(string Kind, decimal MinOrdinal);
