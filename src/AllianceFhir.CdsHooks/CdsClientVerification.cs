namespace AllianceFhir.CdsHooks;

/// <summary>The outcome of checking a CDS client's JWT: the verified issuer (and tenant), or why it was refused.</summary>
public sealed record CdsClientVerification(string? Issuer, string? Tenant, string? Failure)
{
    public bool Succeeded => Failure is null;

    public static CdsClientVerification Fail(string why) => new(null, null, why);
}
