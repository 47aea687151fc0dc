using AllianceFhir.Core.Alerts;

namespace AllianceFhir.Smart.Features.Portal;

/// <summary>
/// The SMART v2 scopes a client's (or carer's) session needs (SMART App Launch 2.2, "Scopes and Launch Context"): read
/// the Tasks assigned to them and mark them completed, the write path every response takes (response, scores, and the
/// safety alert on the EHR's alert channel, as <see cref="SmartScopes.Administer"/>), the patient's name, and reading
/// the patient's score Observations where a site shows clients their scores. Only <c>patient/</c> scopes.
/// </summary>
public static class PortalScopes
{
    /// <summary>Read, search and update Tasks: the list of assigned questionnaires, and completing one.</summary>
    public const string Tasks = "patient/Task.rus";

    /// <summary>The patient's scores, for <see cref="PortalOptions.ShowScoresToClient"/>.</summary>
    public const string Scores = "patient/Observation.rs";

    /// <summary>The scopes requested for a patient-facing launch on an EHR taking alerts as <paramref name="channels"/>.</summary>
    public static IEnumerable<string> For(IReadOnlyList<AlertChannel> channels)
    {
        yield return "patient/Patient.r";
        yield return Tasks;
        yield return Scores;
        foreach (var s in Submit(channels.Count == 0 ? AlertChannel.Flag : channels[0])) yield return s;
        foreach (var c in channels.Skip(1)) yield return $"patient/{c}.c";
    }

    /// <summary>What submitting needs: the clinician app's write path (<see cref="SmartScopes.Administer"/>) and the Task update.</summary>
    public static IReadOnlyList<string> Submit(AlertChannel channel) => [.. SmartScopes.For(SmartScopes.Administer, channel), Tasks];
}
