using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Ehr.WriteBack;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;

namespace AllianceFhir.Ehr.Tests.WriteBack;

public class WriteBackTests
{
    /// <summary>A score Observation as the engine builds it: our deterministic id, also its identifier; derivedFrom others of ours.</summary>
    private static Observation Score(string id, params string[] derivedFrom) => new()
    {
        Id = id,
        Identifier = [new Identifier(CanonicalUrls.ScoreIdentifierSystem, id)],
        Status = ObservationStatus.Final,
        Code = new CodeableConcept("http://loinc.org", "44261-6"),
        Subject = new ResourceReference("Patient/p1"),
        DerivedFrom = derivedFrom.Select(d => new ResourceReference($"Observation/{d}")).ToList(),
    };

    private static List<Observation> Scores(int count) => Enumerable.Range(1, count).Select(i => Score($"af-score-{i}")).ToList();

    private static EhrWriteCapabilities Epic() => new(
        new HashSet<string> { "Observation", "Communication" }, new HashSet<string>(), Batch: true, Transaction: false);

    private static EhrWriteCapabilities Hapi() => new(
        new HashSet<string> { "Observation", "Flag", "Task", "Communication", "Provenance" },
        new HashSet<string> { "Observation", "Flag", "Task", "Communication" }, Batch: true, Transaction: true);

    [Fact]
    public void Channel_WhenEhrCannotCreateFlagOrTask_ThenFallsBackToCommunication()
    {
        // docs/domain.md §5: Epic allows Flag and Task read/search only, Communication create.
        var channel = WritePlanner.Channel(Epic(), [AlertChannel.Flag, AlertChannel.Task, AlertChannel.Communication]);
        Assert.Equal(AlertChannel.Communication, channel);
    }

    [Fact]
    public void Channel_WhenEhrAcceptsNoneConfigured_ThenNull() =>
        Assert.Null(WritePlanner.Channel(Epic(), [AlertChannel.Flag, AlertChannel.Task]));

    [Fact]
    public void Strategy_WhenConditionalCreateDeclared_ThenUsedUnlessLedgerForced()
    {
        Assert.Equal(WriteStrategy.ConditionalCreate, WritePlanner.Strategy(Hapi(), "Observation", forceLedger: false));
        Assert.Equal(WriteStrategy.LedgerAndSearch, WritePlanner.Strategy(Hapi(), "Observation", forceLedger: true));
        Assert.Equal(WriteStrategy.LedgerAndSearch, WritePlanner.Strategy(Epic(), "Observation", forceLedger: false));
    }

    [Fact]
    public void ConditionalCreate_WhenBuilt_ThenEachEntryPostsWithIfNoneExistOnItsIdentifierAndNoId()
    {
        var observations = Scores(3);

        var bundle = WriteBundles.ConditionalCreate(observations);

        Assert.Equal(Bundle.BundleType.Batch, bundle.Type);
        Assert.Empty(bundle.Validate());
        for (var i = 0; i < 3; i++)
        {
            var entry = bundle.Entry[i];
            Assert.Equal(Bundle.HTTPVerb.POST, entry.Request!.Method);
            Assert.Equal($"identifier={Uri.EscapeDataString(observations[i].Identifier[0].System!)}|{observations[i].Identifier[0].Value}", entry.Request.IfNoneExist);
            Assert.Null(entry.Resource!.Id);
            Assert.NotNull(observations[i].Id); // the caller's copy is untouched
        }
    }

    [Fact]
    public void ReadCreateResponse_WhenEntriesAnswer201And200And400And503_ThenCreatedExistedFailedRetry()
    {
        var sent = Scores(4).Cast<Resource>().ToList();
        var response = new Bundle
        {
            Type = Bundle.BundleType.BatchResponse,
            Entry =
            [
                new() { Response = new Bundle.ResponseComponent { Status = "201 Created", Location = "Observation/ehr-1/_history/1" } },
                new() { Response = new Bundle.ResponseComponent { Status = "200 OK" }, Resource = new Observation { Id = "ehr-2" } },
                new() { Response = new Bundle.ResponseComponent { Status = "400 Bad Request", Outcome = new OperationOutcome { Issue = [new() { Severity = OperationOutcome.IssueSeverity.Error, Code = OperationOutcome.IssueType.Invalid, Diagnostics = "bad code" }] } } },
                new() { Response = new Bundle.ResponseComponent { Status = "503 Service Unavailable" } },
            ],
        };

        var results = WriteBundles.ReadCreateResponse(sent, response);

        Assert.Equal([WriteOutcome.Created, WriteOutcome.Existed, WriteOutcome.Failed, WriteOutcome.Retry], results.Select(r => r.Outcome));
        Assert.Equal(["ehr-1", "ehr-2"], results.Take(2).Select(r => r.EhrId));
        Assert.Contains("bad code", results[2].OperationOutcome);
        Assert.Equal(sent[0].Id, results[0].IdentifierValue);
    }

    [Fact]
    public void ReadCreateResponse_WhenNoResponseAtAll_ThenEveryEntryMustBeRetried()
    {
        var sent = Scores(2).Cast<Resource>().ToList();
        Assert.All(WriteBundles.ReadCreateResponse(sent, null), r => Assert.Equal(WriteOutcome.Retry, r.Outcome));
    }

    [Fact]
    public void Rewrite_WhenLedgerKnowsOneTargetAndNotAnother_ThenEhrIdOrLogicalIdentifierReference()
    {
        var trajectory = Score("af-trajectory-1", "af-score-1", "af-score-2");
        trajectory.DerivedFrom.Add(new ResourceReference("QuestionnaireResponse/ehr-qr-7"));
        var ours = ReferenceRewriter.OurReferencedIds(trajectory).ToList();
        Assert.Equal(["af-score-1", "af-score-2"], ours);
        var known = new Dictionary<string, (string, string?)>
        {
            [ours[0]] = (CanonicalUrls.ScoreIdentifierSystem, "ehr-42"),
            [ours[1]] = (CanonicalUrls.ScoreIdentifierSystem, null),
        };

        ReferenceRewriter.Rewrite(trajectory, known);

        Assert.Equal("Observation/ehr-42", trajectory.DerivedFrom[0].Reference);
        Assert.Null(trajectory.DerivedFrom[1].Reference);
        Assert.Equal(("Observation", CanonicalUrls.ScoreIdentifierSystem, ours[1]),
            (trajectory.DerivedFrom[1].Type, trajectory.DerivedFrom[1].Identifier!.System, trajectory.DerivedFrom[1].Identifier!.Value));
        Assert.Equal("QuestionnaireResponse/ehr-qr-7", trajectory.DerivedFrom[2].Reference);
        Assert.Empty(trajectory.Validate());
    }
}
