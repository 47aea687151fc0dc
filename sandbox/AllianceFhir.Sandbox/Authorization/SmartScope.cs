using System.Text.RegularExpressions;

namespace AllianceFhir.Sandbox.Authorization;

/// <summary>
/// A SMART resource scope (App Launch 2.2 §"Scopes for requesting FHIR resources"): <c>patient|user|system/Type.cruds</c>,
/// <c>*</c> for every type, and the v1 forms <c>.read</c>, <c>.write</c>, <c>.*</c>. A query suffix (<c>?category=..</c>,
/// granular scopes) is accepted by syntax and treated as the whole type (unverified narrowing: the sandbox does not apply it).
/// </summary>
internal sealed partial record SmartScope(string Context, string ResourceType, string Permissions)
{
    /// <summary>Non-resource scopes the sandbox grants (launch context, identity, refresh).</summary>
    public static readonly IReadOnlySet<string> ContextScopes = new HashSet<string>(StringComparer.Ordinal)
    {
        "launch", "launch/patient", "launch/encounter", "openid", "fhirUser", "profile", "offline_access", "online_access",
    };

    public bool IsPatientLevel => Context == "patient";

    public bool IsSystemLevel => Context == "system";

    public static bool IsValid(string scope) => ContextScopes.Contains(scope) || TryParse(scope) is not null;

    public static SmartScope? TryParse(string scope)
    {
        var match = ResourceScopePattern().Match(scope);
        if (!match.Success) return null;
        var permissions = match.Groups["perm"].Value switch
        {
            "read" => "rs",
            "write" => "cud",
            "*" => "cruds",
            var v2 => v2,
        };
        return permissions.Length == 0 ? null : new SmartScope(match.Groups["ctx"].Value, match.Groups["type"].Value, permissions);
    }

    /// <summary>True when this scope allows <paramref name="interaction"/> (one of c r u d s) on <paramref name="resourceType"/>.</summary>
    public bool Allows(string resourceType, char interaction) =>
        (ResourceType == "*" || ResourceType == resourceType) && Permissions.Contains(interaction, StringComparison.Ordinal);

    // v2 permissions must keep the order c, r, u, d, s; each at most once.
    [GeneratedRegex(@"^(?<ctx>patient|user|system)/(?<type>\*|[A-Z][A-Za-z]+)\.(?<perm>read|write|\*|c?r?u?d?s?)(\?\S+)?$")]
    private static partial Regex ResourceScopePattern();
}
