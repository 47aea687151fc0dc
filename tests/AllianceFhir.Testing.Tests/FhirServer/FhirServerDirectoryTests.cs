using AllianceFhir.FhirServer;
using AllianceFhir.Testing.FhirServer;

namespace AllianceFhir.Testing.Tests.FhirServer;

public sealed class FhirServerDirectoryTests : IDisposable
{
    private readonly string _outside = Directory.CreateTempSubdirectory("no-checkout-").FullName;

    [Fact]
    public void Find_WhenRunFromInsideTheRepository_ThenTheSandboxsFhirServer() =>
        Assert.Equal(RepositoryRoot.Combine("sandbox", "fhir-server"), FhirServerDirectory.Find(null, AppContext.BaseDirectory));

    [Fact]
    public void Find_WhenAFhirServerFolderIsNextToTheApp_ThenThatOneBeforeTheRepository()
    {
        var beside = Directory.CreateDirectory(Path.Combine(_outside, "fhir-server")).FullName;
        File.WriteAllText(Path.Combine(beside, "server.mjs"), "");

        Assert.Equal(beside, FhirServerDirectory.Find(null, _outside, AppContext.BaseDirectory));
    }

    [Fact]
    public void Find_WhenOutsideACheckoutAndNothingConfigured_ThenTheErrorNamesTheKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FhirServerDirectory.Find(null, _outside));

        Assert.Contains("set FhirServer:Directory (environment FhirServer__Directory)", error.Message);
        Assert.Contains(Path.Combine(_outside, "fhir-server"), error.Message);
    }

    [Fact]
    public void Find_WhenTheConfiguredFolderHasNoServer_ThenTheErrorNamesTheKeyAndTheFolder()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FhirServerDirectory.Find(_outside, AppContext.BaseDirectory));

        Assert.Contains($"FhirServer:Directory is '{_outside}', which has no server.mjs", error.Message);
    }

    public void Dispose() => Directory.Delete(_outside, recursive: true);
}
