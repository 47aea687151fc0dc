namespace AllianceFhir.Smart.Features.Portal;

/// <summary>The client's page (section <c>Smart:Portal</c>), validated on start (<see cref="PortalOptionsValidator"/>).</summary>
public sealed class PortalOptions
{
    public const string Section = "Smart:Portal";

    /// <summary>
    /// Whether a client sees their own scores, in plain language, after submitting and on their page. Off by default:
    /// scores shown without a clinician can alarm or mislead, and whether to show them is the service's decision
    /// (unverified: no source on showing PHQ-9 scores to clients unaccompanied was found; safe setting is off). A carer
    /// never sees the young person's scores or answers, whatever this says.
    /// </summary>
    public bool ShowScoresToClient { get; set; }

    /// <summary>
    /// What the client reads at once after answering PHQ-9 item 9 above 0 (docs/domain.md §2, PHQ-9 item 9). The default
    /// names no service or number; a site sets its own wording, reviewed by its clinical safety officer.
    /// </summary>
    public string SafetyMessage { get; set; } =
        "You said that you have had thoughts that you would be better off dead, or of hurting yourself. Thank you for telling us. " +
        "Your care team has been told and will contact you. If you feel you might act on these thoughts, or you are not safe now, " +
        "call your local emergency number or go to the nearest emergency department now.";

    /// <summary>Who the client can contact now (the site's own services). Empty: only the message is shown.</summary>
    public List<SafetyContact> SafetyContacts { get; set; } = [];

    /// <summary>Shown when the EHR did not take the safety alert: the client must reach the team another way.</summary>
    public string AlertNotWrittenMessage { get; set; } =
        "We could not pass this on to your care team automatically. Please contact your care team yourself today, or use one of the contacts below.";
}
