using Hl7.Fhir.Model;

namespace AllianceFhir.Ehr.Client;

/// <summary>One search result: the resource and its JSON exactly as the EHR sent it (never logged: it may hold patient data).</summary>
public sealed record SearchEntry(Resource Resource, string Json);
