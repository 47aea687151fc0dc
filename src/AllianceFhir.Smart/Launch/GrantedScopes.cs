namespace AllianceFhir.Smart.Launch;

/// <summary>
/// Whether the scopes an EHR granted cover a scope the app needs (SMART App Launch 2.2 "Scopes and Launch Context").
/// A need is written as v2 <c>patient/Type.perms</c> (perms from c r u d s); it is covered by a granted scope for the
/// same or any type (<c>*</c>), in patient or user context, whose permissions together include all needed ones. v1 grants
/// (<c>.read</c>, <c>.write</c>, <c>.*</c>) are read as rs, cud and cruds. A granular grant (<c>?param=value</c>)
/// covers only part of a type, so it never covers a whole-type need.
/// </summary>
public static class GrantedScopes
{
    public static IReadOnlySet<string> Parse(string? scope) =>
        new HashSet<string>((scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);

    public static bool Covers(IReadOnlySet<string> granted, string needed)
    {
        if (granted.Contains(needed)) return true;
        if (!TryParse(needed, out var need)) return false;
        // Permissions may come from several grants (patient/Observation.rs and patient/Observation.c cover .cs).
        var have = new HashSet<char>();
        foreach (var g in granted)
        {
            if (!TryParse(g, out var grant) || grant.Granular) continue;
            if (grant.Context != need.Context && !(grant.Context == "user" && need.Context == "patient")) continue;
            if (grant.Type != "*" && grant.Type != need.Type) continue;
            have.UnionWith(grant.Permissions);
        }
        return need.Permissions.All(have.Contains);
    }

    /// <summary>The needed scopes <paramref name="granted"/> does not cover.</summary>
    public static IReadOnlyList<string> Missing(IReadOnlySet<string> granted, IEnumerable<string> needed) =>
        needed.Where(n => !Covers(granted, n)).ToList();

    private readonly record struct ResourceScope(string Context, string Type, string Permissions, bool Granular);

    private static bool TryParse(string scope, out ResourceScope parsed)
    {
        parsed = default;
        var slash = scope.IndexOf('/');
        var dot = scope.IndexOf('.', slash + 1);
        if (slash <= 0 || dot <= slash + 1) return false;
        var context = scope[..slash];
        if (context is not ("patient" or "user" or "system")) return false;
        var rest = scope[(dot + 1)..];
        var query = rest.IndexOf('?');
        var granular = query >= 0;
        if (granular) rest = rest[..query];
        var permissions = rest switch
        {
            "read" => "rs",
            "write" => "cud",
            "*" => "cruds",
            _ when rest.Length > 0 && rest.All(c => "cruds".Contains(c)) => rest,
            _ => null,
        };
        if (permissions is null) return false;
        parsed = new ResourceScope(context, scope[(slash + 1)..dot], permissions, granular);
        return true;
    }
}
