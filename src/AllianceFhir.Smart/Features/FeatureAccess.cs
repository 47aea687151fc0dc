using AllianceFhir.Smart.Launch;
using AllianceFhir.Smart.Session;

namespace AllianceFhir.Smart.Features;

/// <summary>
/// Whether the EHR granted what a feature needs (<see cref="SmartScopes.For"/>, through some alert channel), by the same
/// rules as the launch context's feature list (<see cref="GrantedScopes"/>), so the page and the endpoints never disagree.
/// </summary>
public static class FeatureAccess
{
    /// <summary>Plain-language notes shown when a feature is off because its scopes were not granted.</summary>
    public static readonly IReadOnlyDictionary<string, string> Notes = new Dictionary<string, string>
    {
        [SmartScopes.Dashboard] = "The EHR did not grant access to this patient's scores, so the dashboard is not available.",
        [SmartScopes.Alerts] = "The EHR did not grant access to alerts (Flag, Task or Communication), so alerts are not shown here.",
        [SmartScopes.Administer] = "The EHR did not grant permission to save questionnaire responses and scores, so questionnaires cannot be given from here.",
        [SmartScopes.AcknowledgeAlerts] = "The EHR did not grant permission to update alerts, so they cannot be acknowledged from here.",
    };

    public static bool IsGranted(IReadOnlySet<string> granted, string feature) => Missing(granted, feature).Count == 0;

    /// <summary>
    /// What the grant lacks for <paramref name="feature"/>: nothing when some alert channel's needs are all covered, else
    /// the shortest list of missing scopes over the channels; on a tie, the channel the EHR granted anything on (the one
    /// the launch asked for), then the first.
    /// </summary>
    public static IReadOnlyList<string> Missing(IReadOnlySet<string> granted, string feature) =>
        SmartScopes.AlertChannels
            .Select(c => (Missing: GrantedScopes.Missing(granted, SmartScopes.For(feature, c)), Used: granted.Any(g => g.Contains($"/{c}.", StringComparison.Ordinal))))
            .OrderBy(x => x.Missing.Count).ThenBy(x => x.Used ? 0 : 1)
            .First().Missing;

    /// <summary>True when the granted scopes together give every permission of <paramref name="needed"/>.</summary>
    public static bool Allows(IReadOnlySet<string> granted, string needed) => GrantedScopes.Covers(granted, needed);

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
