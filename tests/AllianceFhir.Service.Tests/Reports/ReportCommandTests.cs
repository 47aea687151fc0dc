using System.Text.Json;
using AllianceFhir.Service.Tests.Support;

namespace AllianceFhir.Service.Tests.Reports;

/// <summary>The `report` verb as a user runs it: files written from an ndjson input; readable errors on bad input.</summary>
public class ReportCommandTests
{
    [Theory]
    [InlineData(new[] { "report", "--period", "2026-13", "--output", "/tmp/x" }, "--period: '2026-13' is not a month written yyyy-MM")]
    [InlineData(new[] { "report", "--period", "October", "--output", "/tmp/x" }, "--period: 'October'")]
    [InlineData(new[] { "report", "--period", "2026-10", "--output", "/tmp/x", "--input", "/nonexistent/cohort" }, "--input: folder '/nonexistent/cohort' does not exist")]
    [InlineData(new[] { "report", "--period", "2026-10", "--output", "/tmp/x", "--state", "/nonexistent/state.db" }, "run `run nightly-scoring --once` first")]
    [InlineData(new[] { "report", "--output", "/tmp/x" }, "--period")]
    public void Report_WhenInputIsWrong_ThenExitsNonZeroWithAReadableMessage(string[] args, string message)
    {
        var result = ServiceProcess.Run(args);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public void Report_WhenGoldenInput_ThenWritesEveryOutputWithTheHandFigures()
    {
        using var output = new TempFolder();
        var result = ServiceProcess.Run("report", "--period", "2026-10", "--input", GoldenCohort.Folder, "--output", output.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("report 2026-10: 13 patients in active treatment, alliance coverage 92.3%", result.Stdout);
        var csv = File.ReadAllLines(output.Combine("report.csv"));
        Assert.Equal("period,stratifier,stratum,indicator,title,numerator,denominator,rate,unit", csv[0]);
        Assert.Contains("2026-10,all,all,rupture-rate,Ruptures per 100 measured sessions,<11,30,,per 100 sessions", csv);
        Assert.Contains("2026-10,clinic,Organization/clinic-b,coverage,Alliance measured in the period,<11,<11,,%", csv);
        Assert.Contains("2026-10,PHQ-9,pearson,11,0.836,0.473,0.956", File.ReadAllLines(output.Combine("association.csv")));
        using var json = JsonDocument.Parse(File.ReadAllText(output.Combine("report.json")));
        var coverage = json.RootElement.GetProperty("indicators").EnumerateArray().First(e => e.GetProperty("indicator").GetString() == "coverage");
        Assert.Equal(92.3m, coverage.GetProperty("rate").GetDecimal());
        Assert.Equal(8, File.ReadAllLines(output.Combine("MeasureReport.ndjson")).Length); // 4 measures × (summary, subject-list)
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(output.Combine("report.html")));
    }
}
