namespace AllianceFhir.Smart.Features.Portal;

/// <summary>
/// One place a client can turn to at once after a positive self-harm answer (<c>Smart:Portal:SafetyContacts:N</c>): the
/// site's own crisis line, out-of-hours service or emergency advice. Never invented: the shipped configuration holds a
/// placeholder a site replaces.
/// </summary>
public sealed class SafetyContact
{
    /// <summary>What the contact is, as the client should read it (e.g. the service's crisis line).</summary>
    public string Name { get; set; } = "";

    /// <summary>A telephone number as dialled (digits, spaces, +, -, parentheses); shown as a tel: link.</summary>
    public string? Phone { get; set; }

    /// <summary>An https web page (or an SMS/text service's page).</summary>
    public Uri? Url { get; set; }

    /// <summary>When it answers (e.g. "24 hours"); optional.</summary>
    public string? Hours { get; set; }
}
