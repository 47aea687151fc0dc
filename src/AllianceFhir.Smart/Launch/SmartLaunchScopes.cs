using AllianceFhir.Core.Alerts;
using AllianceFhir.Smart.Features;
using AllianceFhir.Smart.Hosting;

namespace AllianceFhir.Smart.Launch;

/// <summary>
/// The scope the app requests from one EHR. Configured (<see cref="SmartEhrOptions.Scopes"/>) or, by default, derived:
/// <see cref="SmartScopes.Launch"/>, a refresh scope, and every feature's scopes for the alert channel(s) the EHR takes
/// (<see cref="SmartScopes.For"/>). The refresh scope is <c>offline_access</c> only when configured
/// (<see cref="SmartEhrOptions.OfflineAccess"/>), else <c>online_access</c> unless the EHR's capabilities leave out
/// <c>permission-online</c> (SMART App Launch 2.2 "Scopes for requesting a refresh token", "Capabilities"). The
/// launch-context scope follows the launch: a standalone launch asks for <c>launch/patient</c> (the EHR lets the user
/// pick a patient) instead of <c>launch</c>.
/// </summary>
public static class SmartLaunchScopes
{
    public static string For(SmartEhrOptions ehr, bool standalone, IReadOnlyList<AlertChannel> alertChannels, IReadOnlyList<string>? capabilities) =>
        Normalise(ehr.Scopes.Count > 0 ? Configured(ehr) : Derived(ehr, alertChannels, capabilities), standalone);

    /// <summary>
    /// The scope of a patient-facing launch (a client or their carer, <see cref="Features.Portal.PortalScopes"/>):
    /// <see cref="SmartEhrOptions.PatientScopes"/> when configured, else derived as for clinicians from the portal's needs on
    /// the EHR's alert channel. No <c>user/</c> scope: the client reaches only the patient in context.
    /// </summary>
    public static string ForPatient(SmartEhrOptions ehr, bool standalone, IReadOnlyList<AlertChannel> alertChannels, IReadOnlyList<string>? capabilities)
    {
        IEnumerable<string> source = ehr.PatientScopes.Count > 0
            ? ehr.PatientScopes.SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            : [.. SmartScopes.Launch, .. Refresh(ehr, capabilities), .. Features.Portal.PortalScopes.For(alertChannels)];
        return Normalise(source, standalone);
    }

    private static IEnumerable<string> Refresh(SmartEhrOptions ehr, IReadOnlyList<string>? capabilities)
    {
        if (ehr.OfflineAccess) yield return "offline_access";
        else if (capabilities is null || capabilities.Contains("permission-online", StringComparer.Ordinal)) yield return "online_access";
    }

    private static string Normalise(IEnumerable<string> source, bool standalone)
    {
        var scopes = new List<string>();
        foreach (var s in source)
        {
            var scope = s switch
            {
                "launch" when standalone => "launch/patient",
                "launch/patient" when !standalone => "launch",
                _ => s,
            };
            if (!scopes.Contains(scope, StringComparer.Ordinal)) scopes.Add(scope);
        }
        return string.Join(' ', scopes);
    }

    /// <summary>The configured scopes as tokens (an entry may hold several, space-separated).</summary>
    public static IEnumerable<string> Configured(SmartEhrOptions ehr) =>
        ehr.Scopes.SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static IEnumerable<string> Derived(SmartEhrOptions ehr, IReadOnlyList<AlertChannel> alertChannels, IReadOnlyList<string>? capabilities)
    {
        foreach (var s in SmartScopes.Launch) yield return s;
        foreach (var s in Refresh(ehr, capabilities)) yield return s;
        foreach (var feature in SmartScopes.Features)
        {
            if (alertChannels.Count == 0)
            {
                // The EHR takes no alert channel: the alert features cannot work, so nothing on an alert resource is asked for.
                foreach (var s in SmartScopes.For(feature, AlertChannel.Flag).Where(s => !s.StartsWith($"patient/{AlertChannel.Flag}.", StringComparison.Ordinal)))
                    yield return s;
                continue;
            }
            foreach (var channel in alertChannels)
                foreach (var s in SmartScopes.For(feature, channel))
                    yield return s;
        }
        foreach (var s in SmartScopes.Optional) yield return s;
    }
}
