using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Resources;
using AllianceFhir.State;
using AllianceFhir.Service.Tests.Support;
using AllianceFhir.Ehr.WriteBack;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Tests.WriteBack;

public sealed class WriteBackServiceTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly LedgerStore _ledger;
    private readonly WriteBackService _writeBack;

    public WriteBackServiceTests()
    {
        var state = Options.Create(new StateOptions { ConnectionString = $"Data Source={_folder.Combine("state.db")}" });
        new StateMigrator(state).Migrate();
        _ledger = new LedgerStore(new StateDatabase(state), TimeProvider.System);
        _writeBack = new WriteBackService(Options.Create(new WriteBackOptions { WriteProvenance = false }), _ledger, TimeProvider.System, NullLogger<WriteBackService>.Instance);
    }

    public void Dispose() => _folder.Dispose();

    private static Observation Score(string id) => new()
    {
        Id = id,
        Identifier = [new Identifier(CanonicalUrls.ScoreIdentifierSystem, id)],
        Status = ObservationStatus.Final,
        Code = new CodeableConcept("http://loinc.org", "44261-6"),
        Subject = new ResourceReference("Patient/p1"),
    };

    [Fact]
    public async System.Threading.Tasks.Task WriteAsync_WhenOneEntryIsRefusedWith422_ThenLedgerKeepsItsOperationOutcomeAndTheOthersAreConfirmed()
    {
        var ehr = new ScriptedEndpoint(e => ((Observation)e.Resource!).Identifier[0].Value == "af-bad" ? "422 Unprocessable Entity" : "201 Created");

        var summary = await _writeBack.WriteAsync(ehr, "run-1", [Score("af-1"), Score("af-bad"), Score("af-2")], [], CancellationToken.None);

        Assert.Equal((2, 1), (summary.Created, summary.Failed));
        var failure = Assert.Single(await _ledger.FailuresAsync("run-1", CancellationToken.None));
        Assert.Equal(("af-bad", 422), (failure.IdentifierValue, failure.StatusCode));
        Assert.Contains("not in the value set", failure.OperationOutcome);
        Assert.Equal(["af-1", "af-2"], (await _ledger.ConfirmedAsync("Observation", CanonicalUrls.ScoreIdentifierSystem, ["af-1", "af-2", "af-bad"], CancellationToken.None)).Keys.Order());
    }

    [Fact]
    public async System.Threading.Tasks.Task WriteAsync_WhenAnEntryAnswers503_ThenFailsSoTheBatchIsRetriedAndRecordsOnlyWhatWasConfirmed()
    {
        var ehr = new ScriptedEndpoint(e => ((Observation)e.Resource!).Identifier[0].Value == "af-busy" ? "503 Service Unavailable" : "201 Created");

        await Assert.ThrowsAsync<WriteBackIncompleteException>(() =>
            _writeBack.WriteAsync(ehr, "run-1", [Score("af-1"), Score("af-busy")], [], CancellationToken.None));

        var confirmed = await _ledger.ConfirmedAsync("Observation", CanonicalUrls.ScoreIdentifierSystem, ["af-1", "af-busy"], CancellationToken.None);
        Assert.Equal(["af-1"], confirmed.Keys);
        Assert.Empty(await _ledger.FailuresAsync("run-1", CancellationToken.None)); // unconfirmed is not failed: it will be tried again
    }

    [Fact]
    public async System.Threading.Tasks.Task WriteAsync_WhenSummaryRefersToAScoreTheLedgerKnows_ThenTheReferenceUsesTheEhrId()
    {
        var ehr = new ScriptedEndpoint(_ => "201 Created");
        await _writeBack.WriteAsync(ehr, "run-1", [Score("af-1")], [], CancellationToken.None);
        var ehrId = (await _ledger.ConfirmedAsync("Observation", CanonicalUrls.ScoreIdentifierSystem, ["af-1"], CancellationToken.None))["af-1"];
        var trajectory = Score("af-traj");
        trajectory.Identifier[0].System = CanonicalUrls.TrajectoryIdentifierSystem;
        trajectory.DerivedFrom = [new ResourceReference("Observation/af-1")];

        await _writeBack.WriteAsync(ehr, "run-2", [trajectory], [], CancellationToken.None);

        var sent = (Observation)ehr.Posted[^1].Entry.Single().Resource!;
        Assert.Equal($"Observation/{ehrId}", sent.DerivedFrom.Single().Reference);
        Assert.StartsWith("ehr-", ehrId);
    }
}
