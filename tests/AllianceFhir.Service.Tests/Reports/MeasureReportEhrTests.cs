using System.Text.Json;
using AllianceFhir.Core.Reports;
using AllianceFhir.FhirServer;
using AllianceFhir.Reports;
using AllianceFhir.Service.Reports;
using AllianceFhir.Service.Tests.Nightly;
using AllianceFhir.Service.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AllianceFhir.Service.Tests.Reports;

/// <summary>
/// The monthly report end to end against the real test EHR (Medplum validates every write): the nightly job scores the
/// golden cohort and reads its Patients (batched _id search) for strata; the report job writes MeasureReports once.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class MeasureReportEhrTests
{
    [Fact]
    public async Task MonthlyReport_WhenEhrAcceptsMeasureReport_ThenValidReportsWrittenOnceWithHandFiguresAndMaskedSmallCells()
    {
        await using var server = await FhirServerProcess.StartAsync(FhirServerOptions.Default with { LoadFolder = GoldenCohort.Folder });
        using var state = new TempFolder();
        await using var host = await PipelineHost.StartAsync(server.BaseUrl, state.Path);
        Assert.DoesNotContain("failed", await host.RunAsync("nightly-scoring"));

        var job = host.Services.GetRequiredService<MonthlyReportJob>();
        await job.RunAsync("2026-10", CancellationToken.None);
        await job.RunAsync("2026-10", CancellationToken.None);

        var reports = await EhrQuery.AllAsync(server, "MeasureReport");
        var identifiers = reports.Select(r => EhrQuery.Identifier(r, MeasureReportBuilder.IdentifierSystem)).Order().ToList();
        Assert.Equal(Indicators.Measures.SelectMany(m => new[] { $"{m}|2026-10|subject-list", $"{m}|2026-10|summary" }).Order(), identifiers);
        Assert.Empty(await host.Services.GetRequiredService<MeasureReportStore>().ForPeriodAsync("2026-10", CancellationToken.None));

        var summary = reports.Single(r => EhrQuery.Identifier(r, MeasureReportBuilder.IdentifierSystem) == "alliance-coverage|2026-10|summary");
        var coverage = summary.GetProperty("group")[0];
        Assert.Equal((13, 12), (Count(coverage, "denominator"), Count(coverage, "numerator")));
        Assert.Equal(92.3m, coverage.GetProperty("measureScore").GetProperty("value").GetDecimal());
        // Clinic strata come from Patient.managingOrganization read from the EHR; 7 and 5 patients are masked.
        var clinics = coverage.GetProperty("stratifier").EnumerateArray().Single(s => s.GetProperty("code")[0].GetProperty("text").GetString() == "clinic");
        var clinicA = clinics.GetProperty("stratum").EnumerateArray().Single(s => s.GetProperty("value").GetProperty("text").GetString() == "Organization/clinic-a");
        var denominator = clinicA.GetProperty("population").EnumerateArray().Single(p => p.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString() == "denominator");
        Assert.False(denominator.TryGetProperty("count", out _));
        Assert.Equal("masked", denominator.GetProperty("extension")[0].GetProperty("valueCode").GetString());
    }

    [Fact]
    public async Task MonthlyReport_WhenEhrHasNoMeasureReport_ThenKeptInTheServiceOnce()
    {
        await using var server = await FhirServerProcess.StartAsync(FhirServerOptions.Default with { LoadFolder = GoldenCohort.Folder, RefusedTypes = ["MeasureReport"] });
        using var state = new TempFolder();
        await using var host = await PipelineHost.StartAsync(server.BaseUrl, state.Path);
        Assert.DoesNotContain("failed", await host.RunAsync("nightly-scoring"));

        var job = host.Services.GetRequiredService<MonthlyReportJob>();
        await job.RunAsync("2026-10", CancellationToken.None);
        await job.RunAsync("2026-10", CancellationToken.None);

        var kept = await host.Services.GetRequiredService<MeasureReportStore>().ForPeriodAsync("2026-10", CancellationToken.None);
        Assert.Equal(8, kept.Count);
        using var json = JsonDocument.Parse(kept.Single(k => k.Identifier == "alliance-coverage|2026-10|summary").ResourceJson);
        Assert.Equal(13, Count(json.RootElement.GetProperty("group")[0], "denominator"));
    }

    private static int Count(JsonElement group, string population) =>
        group.GetProperty("population").EnumerateArray()
            .Single(p => p.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString() == population)
            .GetProperty("count").GetInt32();
}
