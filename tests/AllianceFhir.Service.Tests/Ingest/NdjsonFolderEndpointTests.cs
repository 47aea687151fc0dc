using AllianceFhir.Service.Ingest;
using AllianceFhir.Service.Tests.Support;

namespace AllianceFhir.Service.Tests.Ingest;

/// <summary>Report strata for an ndjson source come from its Patient.ndjson: only the patients a batch asks for.</summary>
public sealed class NdjsonFolderEndpointTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task PatientsAsync_WhenABatchAsksForSomePatients_ThenOnlyTheyAreReadAndBadLinesAreSkipped()
    {
        var input = Directory.CreateDirectory(_folder.Combine("in")).FullName;
        await File.WriteAllLinesAsync(Path.Combine(input, "Patient.ndjson"),
        [
            """{"resourceType":"Patient","id":"p1","birthDate":"2008-05-01","managingOrganization":{"reference":"Organization/clinic-a"}}""",
            "not json at all",
            """{"resourceType":"Patient","id":"p2","birthDate":"1970-01-01"}""",
            """{"resourceType":"Patient","id":"p3","birthDate":"not-a-date"}""",
            """{"resourceType":"Patient","id":"p4","birthDate":"1990-02-03"}""",
        ]);
        var endpoint = new NdjsonFolderEndpoint(input, _folder.Combine("out"));

        var found = new List<Hl7.Fhir.Model.Patient>();
        await foreach (var p in endpoint.PatientsAsync(["Patient/p1", "Patient/p3", "Patient/p4", "Patient/absent"], CancellationToken.None)) found.Add(p);

        // p2 was not asked for; p3 is not valid FHIR (its birthDate) and is left out rather than failing the batch.
        Assert.Equal(["p1", "p4"], found.Select(p => p.Id));
        Assert.Equal("Organization/clinic-a", found[0].ManagingOrganization?.Reference);
    }
}
