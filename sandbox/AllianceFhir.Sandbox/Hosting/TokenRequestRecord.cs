namespace AllianceFhir.Sandbox;

/// <summary>One request the token endpoint answered: its grant type, the client, when, and the OAuth error if refused.</summary>
public sealed record TokenRequestRecord(string? GrantType, string? ClientId, DateTimeOffset Time, string? Error);
