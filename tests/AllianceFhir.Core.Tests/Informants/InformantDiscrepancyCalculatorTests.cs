using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Informants;
using AllianceFhir.Core.Tests.Support;
using AllianceFhir.Core.Trajectories;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Core.Tests.Informants;

/// <summary>Issue 13 §3: the informant-discrepancy marker (docs/domain.md §10) on PHQ-9's bands and SD.</summary>
public class InformantDiscrepancyCalculatorTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static ScorePoint P(int day, decimal value) => new(Day1.AddDays(day), value, $"Observation/o{day}-{value}", null, ScoredHere: true);

    private static InformantComparison One(InformantSettings settings, decimal self, decimal caregiver, int caregiverDay = 1) =>
        Assert.Single(new InformantDiscrepancyCalculator(settings).Compare(TestCatalogue.Phq9, TestCatalogue.Phq9.TotalScale, [P(0, self)], [P(caregiverDay, caregiver)]));

    [Fact]
    public void Compare_WhenSelfMildAndCaregiverModeratelySevere_ThenDiscrepantTwoBandsApart()
    {
        var c = One(new InformantSettings(), 6, 16);
        Assert.True(c.Discrepant);
        Assert.Equal(DiscrepancyMethod.SeverityBand, c.Method);
        Assert.Equal(2m, c.Difference);
        Assert.Equal("Mild", c.SelfBand);
        Assert.Equal("Moderately severe", c.CaregiverBand);
    }

    [Fact]
    public void Compare_WhenSameBand_ThenNotDiscrepant()
    {
        var c = One(new InformantSettings(), 10, 14);
        Assert.False(c.Discrepant);
        Assert.Equal(0m, c.Difference);
    }

    [Fact]
    public void Compare_WhenTwoBandsRequired_ThenAdjacentBandsAgree()
    {
        Assert.False(One(new InformantSettings { DiscrepancyBands = 2 }, 6, 10).Discrepant);
        Assert.True(One(new InformantSettings { DiscrepancyBands = 2 }, 6, 15).Discrepant);
    }

    [Fact]
    public void Compare_WhenNoSelfReportWithinTheWindow_ThenNotJudged()
    {
        var c = One(new InformantSettings(), 6, 20, caregiverDay: 15);
        Assert.Null(c.Discrepant);
        Assert.Null(c.SelfValue);
    }

    [Fact]
    public void Compare_WhenStandardizedDifference_ThenDividedByTheCatalogueSd()
    {
        // PHQ-9 SD 5.7 (catalogue): 6 points = 1.05 SD (discrepant at 1 SD), 5 points = 0.88 SD (not).
        var settings = new InformantSettings { Method = DiscrepancyMethod.StandardizedDifference };
        var wide = One(settings, 4, 10);
        Assert.Equal(DiscrepancyMethod.StandardizedDifference, wide.Method);
        Assert.Equal(1.05m, wide.Difference);
        Assert.True(wide.Discrepant);
        Assert.False(One(settings, 4, 9).Discrepant);
    }

    [Fact]
    public void Compare_WhenScaleHasNeitherBandsNorSd_ThenNotJudged()
    {
        var waiSr = TestCatalogue.WaiSr;
        var c = Assert.Single(new InformantDiscrepancyCalculator(new InformantSettings()).Compare(waiSr, waiSr.TotalScale, [P(0, 50)], [P(1, 20)]));
        Assert.Null(c.Discrepant);
        Assert.Equal(50m, c.SelfValue);
    }

    [Fact]
    public void Pairing_WhenSettingsNameACaregiverVersion_ThenItsConstructIsTheSelfReport()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "profiles", "Questionnaire-phq-9.json"));
        var reader = new FhirJsonDeserializer();
        var parent = (Questionnaire)reader.DeserializeResource(json);
        parent.Id = "phq-9-parent";
        parent.Url = "https://alliancefhir.org/fhir/Questionnaire/phq-9-parent";
        parent.Title = "PHQ-9 parent report (test pair)";
        var catalogue = new InstrumentCatalogue([(Questionnaire)reader.DeserializeResource(json), parent]);
        var pairing = new InformantPairing(catalogue, new InformantSettings { Pairs = [new InformantPair { Self = "https://alliancefhir.org/fhir/Questionnaire/phq-9", Caregiver = "phq-9-parent" }] });
        Assert.Equal(1, pairing.Count);
        Assert.Equal("phq-9", pairing.ConstructOf(catalogue.FindById("phq-9-parent")!).Id);
        Assert.True(pairing.IsCaregiverVersion(catalogue.FindById("phq-9-parent")!));
        Assert.Equal("phq-9", pairing.ConstructOf(catalogue.FindById("phq-9")!).Id);
    }

    [Fact]
    public void Pairing_WhenNoSettings_ThenTheProfilesCounterpartPairsRcadsPWithRcads()
    {
        var reader = new FhirJsonDeserializer();
        Questionnaire Load(string name) =>
            (Questionnaire)reader.DeserializeResource(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "profiles", name)));
        var catalogue = new InstrumentCatalogue([Load("Questionnaire-rcads-25.json"), Load("Questionnaire-rcads-p-25.json")]);
        var parent = catalogue.Instruments.Single(i => i.Informant == Informant.Caregiver);
        var self = catalogue.Instruments.Single(i => i.Informant == Informant.Self);

        var pairing = new InformantPairing(catalogue, new InformantSettings());

        Assert.Equal(1, pairing.Count);
        Assert.True(pairing.IsCaregiverVersion(parent));
        Assert.Equal(self.Id, pairing.ConstructOf(parent).Id);
        Assert.False(pairing.IsCaregiverVersion(self));
    }
}
