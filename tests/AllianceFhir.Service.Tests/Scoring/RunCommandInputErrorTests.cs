using AllianceFhir.Service.Tests.Support;

namespace AllianceFhir.Service.Tests.Scoring;

public class RunCommandInputErrorTests
{
    [Theory]
    [InlineData(new[] { "run", "nightly-scoring" }, "--once")]
    [InlineData(new[] { "run", "nightly-scoring", "--once", "--fhir-server", "not a url" }, "--fhir-server")]
    [InlineData(new[] { "run", "nightly-scoring", "--once", "--input", "/nonexistent/cohort" }, "--input")]
    [InlineData(new[] { "run", "weekly-report", "--once" }, "weekly-report")]
    public void Run_WhenArgumentsAreWrong_ThenExitsNonZeroNamingTheArgument(string[] args, string named)
    {
        var result = ServiceProcess.Run(args);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(named, result.Stderr + result.Stdout);
    }
}
