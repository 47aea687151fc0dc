using AllianceFhir.Testing.FhirServer;
using AllianceFhir.Testing.Tests.FhirServer.Fixtures;
using AllianceFhir.Testing.Tests.FhirServer.Support;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Testing.Tests.FhirServer;

/// <summary>--load samples/cohort: the server starts with the bundled cohort, minus the lines that are not valid FHIR.</summary>
public sealed class PreloadTests(CohortFixture fhir) : IClassFixture<CohortFixture>
{
    public static TheoryData<string> CohortTypes => ["Patient", "QuestionnaireResponse", "Observation", "Organization", "Practitioner"];

    [Theory]
    [MemberData(nameof(CohortTypes))]
    public async System.Threading.Tasks.Task Load_WhenCohortFolder_ThenServerHoldsEveryValidLineOfTheTypesFile(string type)
    {
        var (valid, _) = CountLines(type);

        Assert.True(valid > 0, $"{type}.ndjson has no valid line");
        Assert.Equal(valid, await FhirHttp.CountAsync(fhir.Client, type));
        Assert.Equal(valid, fhir.Server.LoadedByType.GetValueOrDefault(type));
    }

    [Fact]
    public void Load_WhenCohortHasMalformedLines_ThenEachIsSkippedWithAWarning()
    {
        var (_, invalid) = CountLines("QuestionnaireResponse");

        Assert.True(invalid > 0, "the bundled cohort is expected to carry malformed lines");
        var warnings = fhir.Server.ErrorOutput.Split('\n').Count(l => l.StartsWith("warning: skipped QuestionnaireResponse.ndjson:", StringComparison.Ordinal));
        Assert.Equal(invalid, warnings);
    }

    [Fact]
    public async System.Threading.Tasks.Task Load_WhenCohortFolder_ThenIdsAreKeptSoReferencesResolve()
    {
        var bundle = await FhirHttp.GetAsync<Bundle>(fhir.Client,
            "QuestionnaireResponse?subject=Patient/pat-0001&_include=QuestionnaireResponse:subject&_count=5");

        Assert.Contains(bundle.Entry, e => e.Resource is Patient { Id: "pat-0001" });
        Assert.All(bundle.Entry.Select(e => e.Resource).OfType<QuestionnaireResponse>(), qr => Assert.StartsWith("qr-pat-0001-", qr.Id));
    }

    /// <summary>Lines of samples/cohort/{type}.ndjson that Firely parses strictly (valid) and those it refuses.</summary>
    private static (int Valid, int Invalid) CountLines(string type)
    {
        var strict = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
        int valid = 0, invalid = 0;
        foreach (var line in File.ReadLines(RepositoryRoot.Combine(CohortFixture.Folder, $"{type}.ndjson")).Where(l => l.Trim().Length > 0))
        {
            try
            {
                strict.DeserializeResource(line);
                valid++;
            }
            catch (Exception e) when (e is DeserializationFailedException or System.Text.Json.JsonException)
            {
                invalid++;
            }
        }
        return (valid, invalid);
    }
}
