namespace AllianceFhir.Ehr.Auth;

/// <summary>An access token and when it expires (by the injected clock, from <c>expires_in</c>).</summary>
public sealed record AccessToken(string Value, DateTimeOffset ExpiresAt)
{
    /// <summary>The token's value never appears in logs or exception messages.</summary>
    public override string ToString() => $"AccessToken(expires {ExpiresAt:O})";
}
