using System.Text.Json;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Ehr.Client;
using AllianceFhir.Ehr.WriteBack;
using AllianceFhir.FhirServer;
using AllianceFhir.State;
using AllianceFhir.Service.Tests.Nightly;
using AllianceFhir.Service.Tests.Support;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Tests.WriteBack;

/// <summary>Revisions against the real test FHIR server (Medplum, validating every write), with the SQLite ledger.</summary>
public sealed class ReviseAsyncTests : IDisposable
{
    private static readonly FhirJsonDeserializer Deserializer = new();
    private readonly TempFolder _folder = new();
    private readonly LedgerStore _ledger;
    private readonly WriteBackService _writeBack;

    public ReviseAsyncTests()
    {
        var state = Options.Create(new StateOptions { ConnectionString = $"Data Source={_folder.Combine("state.db")}" });
        new StateMigrator(state).Migrate();
        _ledger = new LedgerStore(new StateDatabase(state), TimeProvider.System);
        _writeBack = new WriteBackService(Options.Create(new WriteBackOptions()), _ledger, TimeProvider.System, NullLogger<WriteBackService>.Instance);
    }

    public void Dispose() => _folder.Dispose();

    private static Observation Score(decimal value, ObservationStatus status = ObservationStatus.Final) => new()
    {
        Id = "af-score-1",
        Identifier = [new Identifier(CanonicalUrls.ScoreIdentifierSystem, "af-score-1")],
        Status = status,
        Code = new CodeableConcept("http://loinc.org", "44261-6"),
        Subject = new Hl7.Fhir.Model.ResourceReference("Patient/p1"),
        Value = new Quantity { Value = value, Unit = "{score}", System = "http://unitsofmeasure.org", Code = "{score}" },
    };

    private static HttpEhrWriter Writer(FhirServerProcess server)
    {
        var client = server.CreateHttpClient();
        var baseUrl = new Uri(server.BaseUrl);
        // Read once, as EhrCapabilities does in the service.
        var features = new Lazy<Task<EhrFeatures>>(async () =>
            new EhrFeatures(baseUrl, Deserializer.Deserialize<CapabilityStatement>(await client.GetStringAsync("metadata"))));
        return new HttpEhrWriter(client, baseUrl, _ => features.Value);
    }

    private static async Task<List<JsonElement>> OursAsync(FhirServerProcess server) =>
        await EhrQuery.AllAsync(server, "Observation", $"identifier={CanonicalUrls.ScoreIdentifierSystem}|af-score-1");

    /// <summary>How many versions the EHR keeps of the resource (Medplum's version ids are UUIDs, not counters).</summary>
    private static async Task<int> VersionsAsync(FhirServerProcess server, JsonElement resource)
    {
        using var http = server.CreateHttpClient();
        using var history = JsonDocument.Parse(await http.GetStringAsync($"Observation/{resource.GetProperty("id").GetString()}/_history"));
        return history.RootElement.GetProperty("entry").GetArrayLength();
    }

    [Fact]
    public async System.Threading.Tasks.Task ReviseAsync_WhenEhrAllowsUpdate_ThenUpdatedInPlaceWithProvenanceAndASecondRunWritesNothing()
    {
        await using var server = await FhirServerProcess.StartAsync();
        var ehr = Writer(server);
        await _writeBack.WriteAsync(ehr, "run-1", [Score(5)], [], CancellationToken.None);

        var first = await _writeBack.ReviseAsync(ehr, "run-2", [Score(8, ObservationStatus.Amended)], CancellationToken.None);
        await server.ResetStatsAsync();
        var second = await _writeBack.ReviseAsync(ehr, "run-3", [Score(8, ObservationStatus.Amended)], CancellationToken.None);
        var requestsOfSecond = (await server.StatsAsync()).Requests;

        var stored = Assert.Single(await OursAsync(server));
        Assert.Equal("amended", stored.GetProperty("status").GetString());
        Assert.Equal(8m, stored.GetProperty("valueQuantity").GetProperty("value").GetDecimal());
        Assert.Equal(0, requestsOfSecond); // the ledger's content hash: nothing asked, nothing written
        Assert.Equal(2, await VersionsAsync(server, stored));
        Assert.Equal((1, 0), (first.Updated, second.Updated));
        var provenance = await EhrQuery.AllAsync(server, "Provenance");
        Assert.Contains(provenance, p => p.GetProperty("activity").GetProperty("coding")[0].GetProperty("code").GetString() == "UPDATE"
            && p.GetProperty("target")[0].GetProperty("reference").GetString() == $"Observation/{stored.GetProperty("id").GetString()}/_history/{stored.GetProperty("meta").GetProperty("versionId").GetString()}");
    }

    [Fact]
    public async System.Threading.Tasks.Task ReviseAsync_WhenEhrRefusesUpdate_ThenANewObservationReplacesTheOldAndTheLedgerPointsAtIt()
    {
        await using var server = await FhirServerProcess.StartAsync(FhirServerOptions.Default with { RefusedUpdateTypes = ["Observation"] });
        var ehr = Writer(server);
        await _writeBack.WriteAsync(ehr, "run-1", [Score(5)], [], CancellationToken.None);
        var oldId = Assert.Single(await OursAsync(server)).GetProperty("id").GetString();

        var first = await _writeBack.ReviseAsync(ehr, "run-2", [Score(8, ObservationStatus.Amended)], CancellationToken.None);
        var again = await _writeBack.ReviseAsync(ehr, "run-3", [Score(8, ObservationStatus.Amended)], CancellationToken.None);

        var all = await OursAsync(server);
        Assert.Equal(2, all.Count);
        var replacement = all.Single(o => o.GetProperty("id").GetString() != oldId);
        Assert.Equal("amended", replacement.GetProperty("status").GetString());
        Assert.Equal(8m, replacement.GetProperty("valueQuantity").GetProperty("value").GetDecimal());
        var extension = replacement.GetProperty("extension").EnumerateArray().Single(e => e.GetProperty("url").GetString() == Replacements.Url);
        Assert.Equal($"Observation/{oldId}", extension.GetProperty("valueReference").GetProperty("reference").GetString());
        Assert.Contains(replacement.GetProperty("derivedFrom").EnumerateArray(), d => d.GetProperty("reference").GetString() == $"Observation/{oldId}");
        var current = await _ledger.CurrentAsync("Observation", CanonicalUrls.ScoreIdentifierSystem, ["af-score-1"], CancellationToken.None);
        Assert.Equal(replacement.GetProperty("id").GetString(), current["af-score-1"].EhrId);
        Assert.Equal(oldId, current["af-score-1"].ReplacesEhrId);
        Assert.Equal((1, 0), (first.Updated, again.Updated));
    }

    [Fact]
    public async System.Threading.Tasks.Task ReviseAsync_WhenTheEhrAnswers503_ThenFailsForARetryThatWritesTheRevisionOnce()
    {
        await using var server = await FhirServerProcess.StartAsync(FhirServerOptions.Default with { InjectCount = 1 });
        var ehr = Writer(server);
        await Assert.ThrowsAnyAsync<Exception>(() => server.CreateHttpClient().GetStringAsync("metadata")); // the first request takes the fault
        await _writeBack.WriteAsync(ehr, "run-1", [Score(5)], [], CancellationToken.None);
        await server.ResetStatsAsync(); // the next request (the PUT) answers 503

        await Assert.ThrowsAsync<WriteBackIncompleteException>(() =>
            _writeBack.ReviseAsync(ehr, "run-2", [Score(0, ObservationStatus.EnteredInError)], CancellationToken.None));
        Assert.Equal("final", Assert.Single(await OursAsync(server)).GetProperty("status").GetString());
        var retried = await _writeBack.ReviseAsync(ehr, "run-2", [Score(0, ObservationStatus.EnteredInError)], CancellationToken.None);
        var again = await _writeBack.ReviseAsync(ehr, "run-2", [Score(0, ObservationStatus.EnteredInError)], CancellationToken.None);

        var stored = Assert.Single(await OursAsync(server));
        Assert.Equal("entered-in-error", stored.GetProperty("status").GetString());
        Assert.Equal(2, await VersionsAsync(server, stored)); // written once, not once per attempt
        Assert.Equal((1, 0), (retried.Updated, again.Updated));
    }

    [Fact]
    public async System.Threading.Tasks.Task ReviseAsync_WhenNoLedger_ThenFindsTheResourceByIdentifierAndAReadShowsTheSecondRunHasNothingToWrite()
    {
        await using var server = await FhirServerProcess.StartAsync();
        var ehr = Writer(server);
        var noLedger = new WriteBackService(Options.Create(new WriteBackOptions { WriteProvenance = false }), NoWriteLedger.Instance, TimeProvider.System, NullLogger<WriteBackService>.Instance);
        await noLedger.WriteAsync(ehr, "app", [Score(5)], [], CancellationToken.None);

        var first = await noLedger.ReviseAsync(ehr, "app", [Score(8, ObservationStatus.Corrected)], CancellationToken.None);
        var second = await noLedger.ReviseAsync(ehr, "app", [Score(8, ObservationStatus.Corrected)], CancellationToken.None);

        var stored = Assert.Single(await OursAsync(server));
        Assert.Equal("corrected", stored.GetProperty("status").GetString());
        Assert.Equal(2, await VersionsAsync(server, stored));
        Assert.Equal((1, 0, 1), (first.Updated, second.Updated, second.Existed));
    }
}
