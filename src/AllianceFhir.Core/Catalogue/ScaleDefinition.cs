namespace AllianceFhir.Core.Catalogue;

/// <summary>A score the instrument yields: the total or a subscale.</summary>
/// <param name="MaxMissingItems">Items that may be missing before the score is withheld; below that it is prorated.</param>
public sealed record ScaleDefinition(string Key, CodeRef Code, int MaxMissingItems, IReadOnlyList<string> ItemLinkIds, decimal Min, decimal Max);
