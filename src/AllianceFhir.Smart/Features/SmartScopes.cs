using AllianceFhir.Core.Alerts;

namespace AllianceFhir.Smart.Features;

/// <summary>
/// SMART v2 scopes, the fewest the features need (SMART App Launch 2.2, "Scopes and Launch Context"). The alert
/// features need scopes on the one resource the EHR takes alerts as (Flag, Task or Communication, chosen from its
/// CapabilityStatement as write-back chooses: docs/domain.md §5), so their needs are per channel (<see cref="For"/>). The
/// launch layer requests the features' scopes for the EHR's channel (<see cref="Launch.SmartLaunchScopes"/>); each
/// feature is switched on only when the EHR granted all of its scopes for some channel.
/// </summary>
public static class SmartScopes
{
    public const string Dashboard = "dashboard";
    public const string Administer = "administer";
    public const string Alerts = "alerts";
    public const string AcknowledgeAlerts = "acknowledge-alerts";

    /// <summary>The app's features, in the order the context page lists them.</summary>
    public static readonly IReadOnlyList<string> Features = [Dashboard, Administer, Alerts, AcknowledgeAlerts];

    /// <summary>The alert channels a feature's needs may be met through.</summary>
    public static readonly IReadOnlyList<AlertChannel> AlertChannels = [AlertChannel.Flag, AlertChannel.Task, AlertChannel.Communication];

    /// <summary>Context and identity scopes: EHR launch, the user's FHIR identity (refresh scopes are per EHR: <see cref="Launch.SmartLaunchScopes"/>).</summary>
    public static readonly IReadOnlyList<string> Launch = ["launch", "openid", "fhirUser"];

    /// <summary>
    /// Read the Practitioners alerts name (who acknowledged or resolved them), to show people by name. Asked for at every
    /// launch but needed by no feature: without it the app shows the reference (<see cref="Alerts.PeopleNames"/>).
    /// </summary>
    public const string PeopleNames = "patient/Practitioner.rs";

    /// <summary>Scopes requested beside the features' but required by none.</summary>
    public static readonly IReadOnlyList<string> Optional = [PeopleNames];

    /// <summary>The scopes <paramref name="feature"/> needs when the EHR takes alerts as <paramref name="channel"/>.</summary>
    public static IReadOnlyList<string> For(string feature, AlertChannel channel) => feature switch
    {
        Dashboard => ["patient/Patient.r", "patient/Observation.rs"],
        Alerts => [$"patient/{channel}.rs"],
        // An item-9 answer raises a safety alert at once, so giving a questionnaire needs to create the alert too.
        Administer => ["patient/QuestionnaireResponse.cs", "patient/Observation.cs", $"patient/{channel}.c"],
        // Provenance.c: who acknowledged or resolved an alert, and when (a Flag has no note to carry it).
        AcknowledgeAlerts => [$"patient/{channel}.u", "patient/Provenance.c"],
        _ => throw new ArgumentOutOfRangeException(nameof(feature), feature, "unknown feature"),
    };

    /// <summary>Feature name to the scopes it needs through any channel (the broadest set: what every channel together needs).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> ByFeature =
        Features.ToDictionary(f => f, f => (IReadOnlyList<string>)AlertChannels.SelectMany(c => For(f, c)).Distinct(StringComparer.Ordinal).ToList());
}
