namespace AllianceFhir.Sandbox.Proxy.Compartment;

/// <summary>
/// <see cref="PatientCompartment.CheckWrite"/>'s verdict: refused with a reason, or allowed once each reference in
/// <see cref="Resolve"/> (a Provenance's targets) is found in the compartment.
/// </summary>
internal sealed record WriteCheck(string? Violation, IReadOnlyList<FhirReference> Resolve)
{
    public static WriteCheck Pass { get; } = new(null, []);

    public static WriteCheck Refuse(string reason) => new(reason, []);
}
