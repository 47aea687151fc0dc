namespace AllianceFhir.Samples.Catalogue;

/// <summary>A synthetic therapist.</summary>
internal sealed record PractitionerInfo(string Id, string Prefix, string Given, string Family);
