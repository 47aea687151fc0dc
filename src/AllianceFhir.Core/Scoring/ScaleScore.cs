using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Scoring;

/// <summary>A scored scale. <see cref="Prorated"/> is true when missing items were filled with the mean of those answered.</summary>
public sealed record ScaleScore(ScaleDefinition Scale, decimal Value, int Answered, int Missing, bool Prorated, SeverityBand? Band);
