namespace AllianceFhir.CdsHooks;

/// <summary>A CDS Hooks 2.0 service response.</summary>
public sealed record CdsResponse(IReadOnlyList<Card> Cards);

/// <summary>A card (CDS Hooks 2.0 §Card attributes).</summary>
public sealed record Card(
    string Uuid,
    string Summary,
    string Indicator,
    string Detail,
    CardSource Source,
    IReadOnlyList<CdsCoding> OverrideReasons,
    IReadOnlyList<CardLink> Links);

public sealed record CardSource(string Label, string? Url, CdsCoding? Topic);

public sealed record CdsCoding(string System, string Code, string? Display);

/// <summary>A link on a card; <c>type: smart</c> launches a SMART app, which the EHR does with its own launch context.</summary>
public sealed record CardLink(string Label, string Url, string Type, string? AppContext);
