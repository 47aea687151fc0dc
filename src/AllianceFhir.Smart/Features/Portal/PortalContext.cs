namespace AllianceFhir.Smart.Features.Portal;

/// <summary>What the client's page needs to start (<c>GET /api/portal/context</c>).</summary>
public sealed record PortalContext(string UserType, bool IsCaregiver, string? PatientName, bool ShowScores, string? CsrfToken);
