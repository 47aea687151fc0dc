using AllianceFhir.Testing.FhirServer;
using AllianceFhir.Testing.Tests.FhirServer.Support;
using Hl7.Fhir.Model;

namespace AllianceFhir.Testing.Tests.FhirServer;

public sealed class MetadataTests(FhirServerFixture fhir) : IClassFixture<FhirServerFixture>
{
    /// <summary>The types the product reads and writes back, each with the search parameter it relies on (R4 Provenance has no identifier search).</summary>
    public static TheoryData<string, string> WriteBackTypes => new()
    {
        { "QuestionnaireResponse", "identifier" },
        { "Observation", "identifier" },
        { "Flag", "identifier" },
        { "Task", "identifier" },
        { "Communication", "identifier" },
        { "Provenance", "target" },
    };

    [Theory]
    [MemberData(nameof(WriteBackTypes))]
    public async System.Threading.Tasks.Task GetMetadata_WhenDefaultSwitches_ThenListsTypeWithCrudInteractionsAndConditionalCreate(string type, string searchParam)
    {
        var statement = await FhirHttp.GetAsync<CapabilityStatement>(fhir.Client, "metadata");

        var resource = Assert.Single(statement.Rest.Single().Resource, r => r.Type == type);
        var interactions = resource.Interaction.Select(i => i.Code).ToHashSet();
        Assert.Superset(
            new HashSet<CapabilityStatement.TypeRestfulInteraction?>
            {
                CapabilityStatement.TypeRestfulInteraction.Create,
                CapabilityStatement.TypeRestfulInteraction.Read,
                CapabilityStatement.TypeRestfulInteraction.Update,
                CapabilityStatement.TypeRestfulInteraction.SearchType,
            },
            interactions);
        Assert.True(resource.ConditionalCreate);
        Assert.Contains(resource.SearchParam, p => p.Name == "_lastUpdated");
        Assert.Contains(resource.SearchParam, p => p.Name == searchParam);
    }

    [Fact]
    public async System.Threading.Tasks.Task GetMetadata_WhenDefaultSwitches_ThenR4JsonWithTransactionAndBatch()
    {
        using var response = await fhir.Client.GetAsync("metadata");

        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var statement = await FhirHttp.ReadAsync<CapabilityStatement>(response);
        Assert.Equal(FHIRVersion.N4_0_1, statement.FhirVersion);
        var system = statement.Rest.Single().Interaction.Select(i => i.Code).ToList();
        Assert.Contains(CapabilityStatement.SystemRestfulInteraction.Transaction, system);
        Assert.Contains(CapabilityStatement.SystemRestfulInteraction.Batch, system);
        Assert.Equal(fhir.BaseUrl, statement.Implementation!.Url);
    }
}
