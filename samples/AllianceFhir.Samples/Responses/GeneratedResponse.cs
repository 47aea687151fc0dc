namespace AllianceFhir.Samples.Responses;

/// <summary>A valid response and the facts the summary counts about it.</summary>
/// <param name="Document">The response.</param>
/// <param name="InstrumentId">Catalogue instrument id (phq-9 for an LHC-Forms PHQ-9 too).</param>
/// <param name="LhcShape">Written in LOINC's LHC-Forms shape.</param>
/// <param name="MissingItems">Scored items left out.</param>
/// <param name="ItemNinePositive">PHQ-9 item 9 above 0.</param>
internal sealed record GeneratedResponse(QrDocument Document, string InstrumentId, bool LhcShape, int MissingItems, bool ItemNinePositive);
