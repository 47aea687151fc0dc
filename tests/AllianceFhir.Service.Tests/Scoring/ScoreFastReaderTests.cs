using AllianceFhir.Ehr.Profiles;
using AllianceFhir.Samples;
using AllianceFhir.Service.Scoring;
using AllianceFhir.Service.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace AllianceFhir.Service.Tests.Scoring;

/// <summary>
/// Issue 12: the hot path changes how fast <c>score</c> is, not what it writes. The same input is scored with the hot
/// path's reader and with every line through Firely's strict parse (the reader as it was, <c>FastReader: false</c>);
/// every output file (scores, alerts, Provenance, and issues.ndjson with each rejection of the malformed lines) must
/// be byte-identical.
/// </summary>
public sealed class ScoreFastReaderTests
{
    private static Dictionary<string, byte[]> Score(string input, string output, bool fast, int workers = 0)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        new ScoreRunner(ProfileDirectory.LoadCatalogue(), time).Run(new ScoreOptions(input, output, FastReader: fast, Workers: workers));
        return Directory.EnumerateFiles(output, "*.ndjson").ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
    }

    private static void AssertSameFiles(Dictionary<string, byte[]> strict, Dictionary<string, byte[]> fast)
    {
        Assert.Equal(strict.Keys.Order(), fast.Keys.Order());
        foreach (var (file, bytes) in strict)
            Assert.True(bytes.AsSpan().SequenceEqual(fast[file]), $"{file} differs between the two runs");
    }

    [Fact]
    public void Run_WhenBundledCohortWithMalformedLines_ThenHotPathWritesTheSameBytesAsTheStrictPath()
    {
        using var folder = new TempFolder();

        var strict = Score(RepositoryPaths.BundledCohort, folder.Combine("strict"), fast: false);
        var fast = Score(RepositoryPaths.BundledCohort, folder.Combine("fast"), fast: true);

        Assert.True(strict["issues.ndjson"].Length > 0, "the cohort's malformed lines raised no issue: nothing compared");
        Assert.Contains("Observation.ndjson", strict.Keys);
        AssertSameFiles(strict, fast);
    }

    [Fact]
    public void Run_WhenBenchInputOnLoincForms_ThenHotPathWritesTheSameBytesAsTheStrictPath()
    {
        using var folder = new TempFolder();
        var input = folder.Combine("QuestionnaireResponse.ndjson");
        using (var writer = new StreamWriter(input) { NewLine = "\n" }) LoincFormResponses.Write(50, writer);

        var strict = Score(input, folder.Combine("strict"), fast: false);
        var fast = Score(input, folder.Combine("fast"), fast: true);

        Assert.True(strict["Observation.ndjson"].Length > 0);
        AssertSameFiles(strict, fast);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Run_WhenABatchOutgrowsItsFirstBuffer_ThenHotPathWritesTheSameBytesAsTheStrictPath(int workers)
    {
        using var folder = new TempFolder();
        var input = folder.Combine("QuestionnaireResponse.ndjson");
        // Every item's text 300 characters longer: about 5 KB a line, so a batch of 256 lines (1.3 MB) outgrows the
        // 512 KB its line bytes start in, twice.
        var padding = new string('x', 300);
        using (var writer = new StringWriter { NewLine = "\n" })
        {
            LoincFormResponses.Write(60, writer);
            File.WriteAllText(input, writer.ToString().Replace("\"text\":\"", "\"text\":\"" + padding, StringComparison.Ordinal));
        }
        Assert.True(new FileInfo(input).Length / 600 > 4096, "the lines are not long enough for a batch to outgrow its buffer");

        var strict = Score(input, folder.Combine("strict"), fast: false, workers);
        var fast = Score(input, folder.Combine("fast"), fast: true, workers);

        Assert.Equal(600, File.ReadLines(folder.Combine("fast", "Provenance.ndjson")).Count());
        AssertSameFiles(strict, fast);
    }

    [Fact]
    public void Run_WhenOneWorkerOrFour_ThenTheSameBytes()
    {
        using var folder = new TempFolder();
        var input = folder.Combine("QuestionnaireResponse.ndjson");
        // The cohort's lines (malformed ones included) after 3,000 bench lines: more than one batch per worker.
        using (var writer = new StreamWriter(input) { NewLine = "\n" })
        {
            LoincFormResponses.Write(300, writer);
            foreach (var line in File.ReadLines(Path.Combine(RepositoryPaths.BundledCohort, "QuestionnaireResponse.ndjson"))) writer.WriteLine(line);
        }

        var one = Score(input, folder.Combine("one"), fast: true, workers: 1);
        var four = Score(input, folder.Combine("four"), fast: true, workers: 4);

        Assert.True(one["Observation.ndjson"].Length > 0);
        Assert.True(one["issues.ndjson"].Length > 0);
        AssertSameFiles(one, four);
    }
}
