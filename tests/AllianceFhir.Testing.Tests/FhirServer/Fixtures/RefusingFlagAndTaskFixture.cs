using AllianceFhir.FhirServer;
using AllianceFhir.Testing.FhirServer;

namespace AllianceFhir.Testing.Tests.FhirServer.Fixtures;

/// <summary>An EHR without Flag and Task (like Oracle Health's sandbox).</summary>
public sealed class RefusingFlagAndTaskFixture : FhirServerFixture
{
    protected override FhirServerOptions Options { get; } = new() { RefusedTypes = ["Flag", "Task"] };
}
