using AllianceFhir.Service.Tests.Support;

namespace AllianceFhir.Service.Tests.Scoring;

public class ScoreCommandInputErrorTests
{
    [Fact]
    public void Score_WhenInputDoesNotExist_ThenExitsNonZeroNamingTheOptionAndPath()
    {
        using var temp = new TempFolder();
        var result = ServiceProcess.Run("score", "--input", temp.Combine("missing.ndjson"), "--output", temp.Combine("out"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--input", result.Stderr);
        Assert.Contains("missing.ndjson", result.Stderr);
    }

    [Fact]
    public void Score_WhenOutputOptionMissing_ThenExitsNonZeroNamingIt()
    {
        var result = ServiceProcess.Run("score", "--input", RepositoryPaths.BundledCohort);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--output", result.Stderr + result.Stdout);
    }

    [Fact]
    public void Score_WhenFolderHasNoNdjson_ThenSaysSo()
    {
        using var temp = new TempFolder();
        var result = ServiceProcess.Run("score", "--input", temp.Path, "--output", temp.Combine("out"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no *.ndjson", result.Stderr);
    }

    [Fact]
    public void Score_WhenEveryLineIsBad_ThenStillWritesIssuesAndSummary()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Combine("in.ndjson"), "{oops\n[1,2]\n{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"bogus\"}\n");
        var result = ServiceProcess.Run("score", "--input", temp.Combine("in.ndjson"), "--output", temp.Combine("out"), "--quiet");

        Assert.Equal(0, result.ExitCode);
        var issues = File.ReadAllLines(temp.Combine("out", "issues.ndjson"));
        Assert.Equal(3, issues.Length);
        Assert.Contains("in.ndjson line 3", issues[2]);
        Assert.Contains("bogus", issues[2]);
        Assert.True(File.Exists(temp.Combine("out", "summary.json")));
    }
}
