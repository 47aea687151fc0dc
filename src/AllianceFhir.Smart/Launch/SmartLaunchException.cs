namespace AllianceFhir.Smart.Launch;

/// <summary>A launch that cannot go on (discovery, token or id_token problem). The message names what failed, never a token.</summary>
public sealed class SmartLaunchException(string message, Exception? inner = null) : Exception(message, inner);
