using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Resources;
using AllianceFhir.Service.Tests.Support;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace AllianceFhir.Service.Tests.Nightly;

/// <summary>
/// Issue 9 §2: a response deleted in the EHR, reported as a Bulk Data <c>deleted</c> entry in the ndjson export, is
/// retracted like an entered-in-error one: its score and its safety alert become entered-in-error (the later line of
/// the output wins, docs/adr/0009-following-the-record.md), and reading the same deletion again writes nothing.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class BulkDataDeletionTests
{
    private static string Phq9(string id, int item9)
    {
        string[] la = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"];
        var items = string.Join(",", Enumerable.Range(1, 9).Select(i =>
            "{\"linkId\":\"" + i + "\",\"answer\":[{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"" + la[i == 9 ? item9 : 1] + "\"}}]}"));
        return "{\"resourceType\":\"QuestionnaireResponse\",\"id\":\"" + id + "\",\"status\":\"completed\",\"questionnaire\":\"https://alliancefhir.org/fhir/Questionnaire/phq-9\"," +
               "\"subject\":{\"reference\":\"Patient/pat-deleted\"},\"authored\":\"2026-11-20T10:00:00Z\",\"item\":[" + items + "]}";
    }

    /// <summary>The last line per identifier value under <paramref name="system"/>: the resource's current state.</summary>
    private static Dictionary<string, T> Latest<T>(string file, string system) where T : DomainResource =>
        NdjsonFile.Read<T>(file).Where(r => Identifiers(r).Any(i => i.System == system))
            .GroupBy(r => Identifiers(r).First(i => i.System == system).Value ?? "")
            .ToDictionary(g => g.Key, g => g.Last());

    private static List<Identifier> Identifiers(DomainResource r) => r switch
    {
        Observation o => o.Identifier,
        Flag f => f.Identifier,
        _ => [],
    };

    [Theory]
    [InlineData("safety-sweep")]
    [InlineData("nightly-scoring")]
    public async Task Jobs_WhenTheExportListsAScoredResponseAsDeleted_ThenItsScoreAndAlertAreEnteredInErrorAndARereadWritesNothing(string firstAfterDeletion)
    {
        using var files = new TempFolder();
        var input = Directory.CreateDirectory(files.Combine("in")).FullName;
        var output = files.Combine("out");
        var responses = Path.Combine(input, "QuestionnaireResponse.ndjson");
        File.WriteAllLines(responses, [Phq9("qr-kept", 0), Phq9("qr-deleted", 2)]);
        using var state = new TempFolder();
        await using var host = await PipelineHost.StartAsync("", state.Path, new Dictionary<string, string?>
        {
            ["Source:FhirServer"] = null,
            ["Source:NdjsonInput"] = input,
            ["Source:NdjsonOutput"] = output,
        });
        Assert.DoesNotContain("failed", await host.RunAsync("nightly-scoring"));
        var score = ResourceIds.For("score", "QuestionnaireResponse/qr-deleted", "total");
        var kept = ResourceIds.For("score", "QuestionnaireResponse/qr-kept", "total");
        var alert = ResourceIds.For("alert", "safety|QuestionnaireResponse/qr-deleted");
        var observations = Path.Combine(output, "Observation.ndjson");
        var flags = Path.Combine(output, "Flag.ndjson");
        Assert.Equal(ObservationStatus.Final, Latest<Observation>(observations, CanonicalUrls.ScoreIdentifierSystem)[score].Status);
        Assert.Equal(Flag.FlagStatus.Active, Latest<Flag>(flags, CanonicalUrls.AlertIdentifierSystem)[alert].Status);

        // The next export: the response is gone from the output and listed in deleted/ (Bulk Data "deleted" Bundle).
        File.WriteAllLines(responses, [Phq9("qr-kept", 0)]);
        Directory.CreateDirectory(Path.Combine(input, "deleted"));
        File.WriteAllLines(Path.Combine(input, "deleted", "QuestionnaireResponse.ndjson"),
        [
            """{"resourceType":"Bundle","type":"transaction","meta":{"lastUpdated":"2026-11-21T08:00:00Z"},"entry":[{"request":{"method":"DELETE","url":"QuestionnaireResponse/qr-deleted"}},{"request":{"method":"DELETE","url":"Patient/other"}}]}""",
        ]);
        Assert.DoesNotContain("failed", await host.RunAsync(firstAfterDeletion));
        Assert.DoesNotContain("failed", await host.RunAsync(firstAfterDeletion == "safety-sweep" ? "nightly-scoring" : "safety-sweep"));

        var latest = Latest<Observation>(observations, CanonicalUrls.ScoreIdentifierSystem);
        Assert.Equal(ObservationStatus.EnteredInError, latest[score].Status);
        Assert.Equal(ObservationStatus.Final, latest[kept].Status);
        Assert.Equal(Flag.FlagStatus.EnteredInError, Latest<Flag>(flags, CanonicalUrls.AlertIdentifierSystem)[alert].Status);

        // Read again (the deleted file stays in the export): nothing more is written.
        var lines = File.ReadAllLines(observations).Length + File.ReadAllLines(flags).Length;
        Assert.DoesNotContain("failed", await host.RunAsync("nightly-scoring"));
        Assert.DoesNotContain("failed", await host.RunAsync("safety-sweep"));
        Assert.Equal(lines, File.ReadAllLines(observations).Length + File.ReadAllLines(flags).Length);
    }
}
