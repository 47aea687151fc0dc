using AllianceFhir.FhirServer;
using AllianceFhir.Testing.FhirServer;

namespace AllianceFhir.Testing.Tests.FhirServer.Fixtures;

/// <summary>The first two FHIR requests (after start or a stats reset) get 503 with Retry-After: 1.</summary>
public sealed class FirstTwoRequestsFailFixture : FhirServerFixture
{
    protected override FhirServerOptions Options { get; } = new() { InjectCount = 2, InjectStatus = 503, RetryAfterSeconds = 1 };
}
