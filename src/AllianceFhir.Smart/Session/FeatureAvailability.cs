using AllianceFhir.Smart.Features;

namespace AllianceFhir.Smart.Session;

/// <summary>Which features the granted scopes allow (<see cref="FeatureAccess.Missing"/>), with a plain-language note for each one that is off.</summary>
public static class FeatureAvailability
{
    public sealed record FeatureState(bool Enabled, string? Note);

    private static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [SmartScopes.Dashboard] = "The score dashboard",
        [SmartScopes.Administer] = "Giving a questionnaire",
        [SmartScopes.Alerts] = "Alerts",
        [SmartScopes.AcknowledgeAlerts] = "Acknowledging alerts",
    };

    public static IReadOnlyDictionary<string, FeatureState> From(IReadOnlySet<string> granted) =>
        SmartScopes.Features.ToDictionary(f => f, f =>
        {
            var missing = FeatureAccess.Missing(granted, f);
            return missing.Count == 0
                ? new FeatureState(true, null)
                : new FeatureState(false, $"{Names.GetValueOrDefault(f, f)} is off: the EHR did not give this app the access it needs ({string.Join(", ", missing)}). Ask your EHR administrator to allow it, then open the app again.");
        });
}
