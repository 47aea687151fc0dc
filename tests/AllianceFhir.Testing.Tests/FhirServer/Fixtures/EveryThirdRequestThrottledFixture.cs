using AllianceFhir.FhirServer;
using AllianceFhir.Testing.FhirServer;

namespace AllianceFhir.Testing.Tests.FhirServer.Fixtures;

/// <summary>Every third FHIR request gets 429 Too Many Requests.</summary>
public sealed class EveryThirdRequestThrottledFixture : FhirServerFixture
{
    protected override FhirServerOptions Options { get; } = new() { FailEvery = 3, InjectStatus = 429 };
}
