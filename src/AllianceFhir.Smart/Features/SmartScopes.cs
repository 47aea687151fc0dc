namespace AllianceFhir.Smart.Features;

/// <summary>
/// SMART v2 scopes, the fewest the features need (SMART App Launch 2.2, "Scopes and Launch Context"). The launch
/// layer requests <see cref="Requested"/>; each feature is switched on only when the EHR granted all of its scopes.
/// </summary>
public static class SmartScopes
{
    public const string Dashboard = "dashboard";
    public const string Administer = "administer";
    public const string Alerts = "alerts";
    public const string AcknowledgeAlerts = "acknowledge-alerts";

    /// <summary>Context and identity scopes: EHR launch, patient context, the user's FHIR identity, refresh.</summary>
    public static readonly IReadOnlyList<string> Launch = ["launch", "openid", "fhirUser", "offline_access"];

    /// <summary>Feature name to the scopes it needs.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> ByFeature = new Dictionary<string, IReadOnlyList<string>>
    {
        [Dashboard] = ["patient/Patient.r", "patient/Observation.rs"],
        [Alerts] = ["patient/Flag.rs", "patient/Task.rs", "patient/Communication.rs"],
        [Administer] = ["patient/QuestionnaireResponse.cs", "patient/Observation.cs", "patient/Flag.c", "patient/Task.c", "patient/Communication.c"],
        // Provenance.c: who acknowledged or resolved an alert, and when (a Flag has no note to carry it).
        [AcknowledgeAlerts] = ["patient/Flag.u", "patient/Task.u", "patient/Communication.u", "patient/Provenance.c"],
    };
}
