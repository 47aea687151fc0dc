namespace AllianceFhir.Ehr.Auth;

/// <summary>No access token could be had: discovery failed, the key is unusable, or the token endpoint refused.</summary>
public sealed class EhrAuthenticationException(string message, Exception? inner = null) : Exception(message, inner);
