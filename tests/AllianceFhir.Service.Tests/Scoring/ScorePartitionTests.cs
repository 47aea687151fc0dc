using System.Text.Json.Nodes;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.Service.Scoring;
using AllianceFhir.Service.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace AllianceFhir.Service.Tests.Scoring;

/// <summary>
/// Issue 12: memory bounded by <c>--memory-mb</c> (the input split by patient into partition files, scored one partition
/// at a time) and output that does not depend on the number of workers. The bundled cohort (2.7 MB) is two
/// partitions at <c>--memory-mb 1</c> and one at the default.
/// </summary>
public sealed class ScorePartitionTests
{
    private static (Dictionary<string, byte[]> Files, string Summary) Score(string output, int workers, int memoryMb)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        new ScoreRunner(ProfileDirectory.LoadCatalogue(), time).Run(new ScoreOptions(RepositoryPaths.BundledCohort, output, Workers: workers, MemoryMb: memoryMb));
        var files = Directory.EnumerateFiles(output, "*.ndjson").ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        return (files, SummaryWithoutTiming(output));
    }

    /// <summary>summary.json without <c>elapsedSeconds</c>, its one timing field.</summary>
    private static string SummaryWithoutTiming(string output)
    {
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!.AsObject();
        Assert.True(summary.Remove("elapsedSeconds"), "summary.json has no elapsedSeconds: the timing field this test leaves out was renamed");
        return summary.ToJsonString();
    }

    [Theory]
    [InlineData(ScoreOptions.DefaultMemoryMb)]
    [InlineData(1)]
    public void Run_WhenOneTwoOrFourWorkers_ThenEveryOutputFileIsTheSameBytes(int memoryMb)
    {
        using var folder = new TempFolder();

        var one = Score(folder.Combine("one"), workers: 1, memoryMb);
        var two = Score(folder.Combine("two"), workers: 2, memoryMb);
        var four = Score(folder.Combine("four"), workers: 4, memoryMb);

        Assert.True(one.Files["issues.ndjson"].Length > 0, "the cohort's malformed lines raised no issue: nothing compared");
        Assert.Contains("Observation.ndjson", one.Files.Keys);
        Assert.Contains("Flag.ndjson", one.Files.Keys);
        foreach (var other in new[] { two, four })
        {
            Assert.Equal(one.Files.Keys.Order(), other.Files.Keys.Order());
            foreach (var (file, bytes) in one.Files)
                Assert.True(bytes.AsSpan().SequenceEqual(other.Files[file]), $"{file} differs between 1 worker and more (--memory-mb {memoryMb})");
            Assert.Equal(one.Summary, other.Summary);
        }
    }

    [Fact]
    public void Run_WhenSplitIntoPartitions_ThenTheSameLinesAsInOnePartition()
    {
        // Every patient's lines land in one partition, so trajectories, ruptures, paired outcomes and repeats of a response
        // come out as when the cohort is scored whole; only the order of the lines in a file may change (partition by partition).
        using var folder = new TempFolder();
        Assert.Equal(1, ScoreRunner.PartitionCount(new DirectoryInfo(RepositoryPaths.BundledCohort).EnumerateFiles("*.ndjson").Sum(f => f.Length), ScoreOptions.DefaultMemoryMb));
        Assert.True(ScoreRunner.PartitionCount(new DirectoryInfo(RepositoryPaths.BundledCohort).EnumerateFiles("*.ndjson").Sum(f => f.Length), 1) >= 2);

        var whole = Score(folder.Combine("whole"), workers: 2, ScoreOptions.DefaultMemoryMb);
        var split = Score(folder.Combine("split"), workers: 2, memoryMb: 1);

        Assert.Equal(whole.Summary, split.Summary);
        Assert.Contains("\"trajectories\":", whole.Summary);
        Assert.Equal(whole.Files.Keys.Order(), split.Files.Keys.Order());
        foreach (var (file, bytes) in whole.Files)
            Assert.Equal(Lines(bytes), Lines(split.Files[file]));
        Assert.Empty(Directory.EnumerateDirectories(folder.Combine("split"))); // the spill folder is gone
    }

    [Fact]
    public void Run_WhenItFailsWhileScoringAPartition_ThenTheSpillFolderIsDeleted()
    {
        using var folder = new TempFolder();
        var output = folder.Combine("out");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        var spillSeen = false;

        // The progress callback runs on the scoring thread: failing there is a failure in the middle of pass 2.
        var error = Assert.Throws<IOException>(() => new ScoreRunner(ProfileDirectory.LoadCatalogue(), time).Run(
            new ScoreOptions(RepositoryPaths.BundledCohort, output, Workers: 2, MemoryMb: 1),
            (_, _) =>
            {
                spillSeen = Directory.EnumerateDirectories(output, ".spill-*").Any();
                throw new IOException("disk full (test)");
            }));

        Assert.Equal("disk full (test)", error.Message);
        Assert.True(spillSeen, "no spill folder while scoring: nothing was partitioned");
        Assert.Empty(Directory.EnumerateDirectories(output));
    }

    private static List<string> Lines(byte[] bytes) =>
        System.Text.Encoding.UTF8.GetString(bytes).Split('\n').Order(StringComparer.Ordinal).ToList();
}
