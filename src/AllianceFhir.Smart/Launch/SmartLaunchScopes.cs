using AllianceFhir.Smart.Features;

namespace AllianceFhir.Smart.Launch;

/// <summary>
/// The scope the app requests: <see cref="SmartScopes.Launch"/> and every feature's scopes; a standalone launch asks
/// for <c>launch/patient</c> (the EHR lets the user pick a patient) instead of <c>launch</c>.
/// </summary>
public static class SmartLaunchScopes
{
    public static string For(bool standalone)
    {
        var scopes = new List<string>();
        foreach (var s in SmartScopes.Launch)
            scopes.Add(standalone && s == "launch" ? "launch/patient" : s);
        foreach (var s in SmartScopes.ByFeature.Values.SelectMany(v => v))
            if (!scopes.Contains(s)) scopes.Add(s);
        return string.Join(' ', scopes);
    }
}
