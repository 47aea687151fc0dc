namespace AllianceFhir.Core.Catalogue;

/// <summary>A Questionnaire in the catalogue that the engine cannot read: names the resource and the element.</summary>
public sealed class CatalogueException(string message) : Exception(message);
