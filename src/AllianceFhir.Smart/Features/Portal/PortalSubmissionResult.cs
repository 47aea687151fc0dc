namespace AllianceFhir.Smart.Features.Portal;

/// <summary>What the client's page shows after a submission: saved, the Task done, and for a self-harm answer what to do now.</summary>
public sealed record PortalSubmissionResult(
    string ResponseId,
    bool AlreadySubmitted,
    string InstrumentTitle,
    bool TaskCompleted,
    PortalSafety? Safety,
    IReadOnlyList<PortalScore>? Scores);

/// <summary>
/// The site's next steps for the client (<see cref="PortalOptions.SafetyMessage"/>, <see cref="PortalOptions.SafetyContacts"/>);
/// <see cref="CareTeamTold"/> false when the EHR did not take the safety alert (then <see cref="NotToldMessage"/> says so).
/// </summary>
public sealed record PortalSafety(string Message, IReadOnlyList<SafetyContact> Contacts, bool CareTeamTold, string? NotToldMessage);

/// <summary>A score said in plain language (only where <see cref="PortalOptions.ShowScoresToClient"/> is on, never to a carer).</summary>
public sealed record PortalScore(string Instrument, decimal Value, decimal Max, string? Band, DateTimeOffset? When, string Text);
