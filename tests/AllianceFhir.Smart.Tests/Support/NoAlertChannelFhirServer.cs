using AllianceFhir.FhirServer;
using AllianceFhir.Testing.FhirServer;

namespace AllianceFhir.Smart.Tests.Support;

/// <summary>The test FHIR server with <c>--refuse Flag,Task,Communication</c>: an EHR that accepts no alert channel.</summary>
public sealed class NoAlertChannelFhirServer : FhirServerFixture
{
    protected override FhirServerOptions Options { get; } = FhirServerOptions.Default with { RefusedTypes = ["Flag", "Task", "Communication"] };
}
