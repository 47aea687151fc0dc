using AllianceFhir.FhirServer;
using AllianceFhir.Testing.FhirServer;

namespace AllianceFhir.Testing.Tests.FhirServer.Fixtures;

/// <summary>An EHR that declares conditionalCreate false (like Epic).</summary>
public sealed class NoConditionalCreateFixture : FhirServerFixture
{
    protected override FhirServerOptions Options { get; } = new() { ConditionalCreate = false };
}
