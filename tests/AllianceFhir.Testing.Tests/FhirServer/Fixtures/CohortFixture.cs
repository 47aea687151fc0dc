using AllianceFhir.FhirServer;
using AllianceFhir.Testing.FhirServer;

namespace AllianceFhir.Testing.Tests.FhirServer.Fixtures;

/// <summary>The server preloaded with the bundled synthetic cohort (samples/cohort).</summary>
public sealed class CohortFixture : FhirServerFixture
{
    public const string Folder = "samples/cohort";

    protected override FhirServerOptions Options { get; } = new() { LoadFolder = Folder };
}
