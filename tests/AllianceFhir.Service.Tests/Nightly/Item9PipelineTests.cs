using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Resources;
using AllianceFhir.FhirServer;
using AllianceFhir.Service.Tests.Support;
using AllianceFhir.Testing.Item9;
using Flag = Hl7.Fhir.Model.Flag;

namespace AllianceFhir.Service.Tests.Nightly;

/// <summary>
/// Issue 9 §4 on the nightly job and the safety sweep, each run first on a fresh state so neither hides the other.
/// Against the real test FHIR server, the golden responses are preloaded with <c>--load-unvalidated</c> (the server
/// validates every write and would refuse the unknown element; an EHR's database can still hold such a record). The
/// byte-order-mark case cannot occur inside a search Bundle's JSON, so it is tested through the ndjson endpoint, which
/// gets all cases in one Bulk Data file. Expected: one safety alert per case with item 9 = 3, none for entered-in-error.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class Item9PipelineTests
{
    private static readonly string[] OverFhirServer = Item9Cases.Alerting.Where(c => c != "bom").ToArray();

    private static HashSet<string?> ExpectedAlertIds(IEnumerable<string> cases) =>
        cases.Select(c => (string?)ResourceIds.For("alert", $"safety|QuestionnaireResponse/{Item9Cases.Id(c)}")).ToHashSet();

    private static string WriteCases(TempFolder folder, IEnumerable<string> cases)
    {
        var input = folder.Combine("in");
        Directory.CreateDirectory(input);
        File.WriteAllLines(Path.Combine(input, "QuestionnaireResponse.ndjson"), cases.Select(Item9Cases.Line));
        return input;
    }

    [Theory]
    [InlineData("nightly-scoring", "safety-sweep")]
    [InlineData("safety-sweep", "nightly-scoring")]
    public async Task Jobs_WhenFhirServerHoldsTheItem9Cases_ThenOneSafetyFlagPerPositiveCaseAndNoneForEnteredInError(string first, string second)
    {
        using var files = new TempFolder();
        var input = WriteCases(files, [.. OverFhirServer, "entered-in-error-3"]);
        await using var server = await FhirServerProcess.StartAsync(FhirServerOptions.Default with { LoadUnvalidatedFolder = input });
        using var state = new TempFolder();
        await using var host = await PipelineHost.StartAsync(server.BaseUrl, state.Path);

        Assert.DoesNotContain("failed", await host.RunAsync(first));
        var flags = await EhrQuery.AllAsync(server, "Flag");
        Assert.Equal(ExpectedAlertIds(OverFhirServer), flags.Select(f => EhrQuery.Identifier(f, CanonicalUrls.AlertIdentifierSystem)).ToHashSet());
        Assert.All(flags, f => Assert.Equal("safety-self-harm", EhrQuery.Code(f)));
        Assert.All(flags, f => Assert.Equal(Item9Cases.Patient, f.GetProperty("subject").GetProperty("reference").GetString()));

        Assert.DoesNotContain("failed", await host.RunAsync(second));
        Assert.Equal(flags.Count, (await EhrQuery.AllAsync(server, "Flag")).Count); // the other job finds them, writes none twice
    }

    [Theory]
    [InlineData("nightly-scoring", "safety-sweep")]
    [InlineData("safety-sweep", "nightly-scoring")]
    public async Task Jobs_WhenBulkExportHoldsTheItem9Cases_ThenOneSafetyFlagPerPositiveCaseIncludingUnparsedLines(string first, string second)
    {
        using var files = new TempFolder();
        // The entered-in-error case first, so the byte-order mark case is mid-file (a concatenated export).
        var input = WriteCases(files, ["entered-in-error-3", .. Item9Cases.Alerting]);
        var output = files.Combine("out");
        using var state = new TempFolder();
        await using var host = await PipelineHost.StartAsync("", state.Path, new Dictionary<string, string?>
        {
            ["Source:FhirServer"] = null,
            ["Source:NdjsonInput"] = input,
            ["Source:NdjsonOutput"] = output,
        });

        Assert.DoesNotContain("failed", await host.RunAsync(first));
        var flags = NdjsonFile.Read<Flag>(Path.Combine(output, "Flag.ndjson"));
        Assert.Equal(ExpectedAlertIds(Item9Cases.Alerting), flags.Select(f => f.Identifier.Single(i => i.System == CanonicalUrls.AlertIdentifierSystem).Value).ToHashSet());
        Assert.All(flags, f => Assert.Equal(Item9Cases.Patient, f.Subject!.Reference));

        Assert.DoesNotContain("failed", await host.RunAsync(second));
        Assert.Equal(flags.Count, NdjsonFile.Read<Flag>(Path.Combine(output, "Flag.ndjson")).Count);
    }
}
