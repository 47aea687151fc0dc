namespace AllianceFhir.Sandbox.Proxy;

/// <summary>
/// The proxy's verdict on a request: refused (with the reason the 403 OperationOutcome gives), allowed, or allowed
/// only inside <see cref="CompartmentPatient"/>'s compartment (then the proxy checks bodies and what it reads back).
/// </summary>
internal sealed record AccessDecision(bool Allowed, string? Reason, string? CompartmentPatient)
{
    public static AccessDecision Refuse(string reason) => new(false, reason, null);

    public static AccessDecision Allow { get; } = new(true, null, null);

    public static AccessDecision InCompartmentOf(string patientId) => new(true, null, patientId);
}
