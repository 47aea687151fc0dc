using AllianceFhir.Core.Reports;
using AllianceFhir.Core.Tests.Catalogue;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Tests.Reports;

/// <summary>profiles/Measure-*.json match the indicators the report computes, so a MeasureReport's groups resolve.</summary>
public class MeasureProfilesTests
{
    [Fact]
    public void Measures_WhenReadFromProfiles_ThenOnePerReportMeasureWithTheIndicatorsAsGroups()
    {
        foreach (var id in Indicators.Measures)
        {
            var measure = ProfileFiles.Read<Measure>($"Measure-{id}.json");
            Assert.Equal(MeasureReportBuilder.MeasureUrl(id), measure.Url);
            Assert.Equal(Indicators.All.Where(i => i.Measure == id).Select(i => i.Id), measure.Group.Select(g => g.Code!.Coding[0].Code));
            Assert.All(measure.Group, g => Assert.Equal(Stratifier.All, g.Stratifier.Select(s => s.Code!.Text)));
            Assert.Contains("no CQL engine", measure.Description);
        }
        Assert.Equal("ratio", ProfileFiles.Read<Measure>("Measure-alliance-ruptures.json").Scoring!.Coding[0].Code);
    }

    [Fact]
    public void IndicatorCodeSystem_WhenReadFromProfiles_ThenDefinesEveryIndicator()
    {
        var codes = ProfileFiles.Read<CodeSystem>("CodeSystem-report-indicators.json");
        Assert.Equal(MeasureReportBuilder.IndicatorSystem, codes.Url);
        Assert.Equal(Indicators.All.Select(i => i.Id), codes.Concept.Select(c => c.Code));
    }
}
