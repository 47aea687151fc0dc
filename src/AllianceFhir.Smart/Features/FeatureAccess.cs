using AllianceFhir.Smart.Session;

namespace AllianceFhir.Smart.Features;

/// <summary>
/// Whether the EHR granted what a feature needs (<see cref="SmartScopes.ByFeature"/>). SMART v2 scopes
/// (<c>patient/Observation.rs</c>), wildcards (<c>patient/*.cruds</c>), user- and system-level scopes (which cover a
/// patient's data too) and SMART v1 forms (<c>.read</c>, <c>.write</c>, <c>.*</c>) all count (SMART App Launch 2.2,
/// "Scopes for requesting clinical data").
/// </summary>
public static class FeatureAccess
{
    /// <summary>Plain-language notes shown when a feature is off because its scopes were not granted.</summary>
    public static readonly IReadOnlyDictionary<string, string> Notes = new Dictionary<string, string>
    {
        [SmartScopes.Dashboard] = "The EHR did not grant access to this patient's scores, so the dashboard is not available.",
        [SmartScopes.Alerts] = "The EHR did not grant access to alerts (Flag, Task, Communication), so alerts are not shown here.",
        [SmartScopes.Administer] = "The EHR did not grant permission to save questionnaire responses and scores, so questionnaires cannot be given from here.",
        [SmartScopes.AcknowledgeAlerts] = "The EHR did not grant permission to update alerts, so they cannot be acknowledged from here.",
    };

    public static bool IsGranted(IReadOnlySet<string> granted, string feature) =>
        SmartScopes.ByFeature[feature].All(needed => Allows(granted, needed));

    /// <summary>True when the granted scopes together give every permission of <paramref name="needed"/>.</summary>
    public static bool Allows(IEnumerable<string> granted, string needed)
    {
        if (Parse(needed) is not { } want) return granted.Contains(needed);
        var have = new HashSet<char>();
        foreach (var scope in granted)
        {
            if (Parse(scope) is not { } g) continue;
            var contextOk = g.Context == want.Context || g.Context is "user" or "system";
            var typeOk = g.Type == "*" || g.Type == want.Type;
            if (contextOk && typeOk) have.UnionWith(g.Permissions);
        }
        return want.Permissions.All(have.Contains);
    }

    private static (string Context, string Type, string Permissions)? Parse(string scope)
    {
        var slash = scope.IndexOf('/');
        var dot = scope.LastIndexOf('.');
        if (slash <= 0 || dot <= slash + 1 || dot == scope.Length - 1) return null;
        var context = scope[..slash];
        if (context is not ("patient" or "user" or "system")) return null;
        var type = scope[(slash + 1)..dot];
        var query = scope.IndexOf('?');
        var permissions = scope[(dot + 1)..(query > dot ? query : scope.Length)] switch
        {
            "read" => "rs",
            "write" => "cud",
            "*" => "cruds",
            var v2 when v2.All(c => "cruds".Contains(c)) => v2,
            _ => null,
        };
        return permissions is null ? null : (context, type, permissions);
    }

    /// <summary>The launch's session, set in the request by the launch layer (null without one).</summary>
    public static ISmartSession? Session(HttpContext context) => context.Features.Get<ISmartSession>();

    /// <summary>
    /// 401 without a session; 403 with the feature's note when its scopes were not granted. Applied to every feature
    /// endpoint, also under the patient group (which already checks the session and the patient).
    /// </summary>
    public static TBuilder RequireFeature<TBuilder>(this TBuilder builder, string feature) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var session = Session(invocation.HttpContext);
            if (session is null) return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not launched", detail: "Launch the app from the EHR first.");
            if (!IsGranted(session.Context.GrantedScopes, feature))
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Feature not available", detail: Notes[feature]);
            return await next(invocation);
        });
}
