using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Tests.Catalogue;

/// <summary>The catalogue's reading of the profiles agrees with the published instruments (docs/domain.md §2).</summary>
public class InstrumentDefinitionTests
{
    private static Instrument Get(string id) => ProfileFiles.Catalogue.FindById(id)!;

    [Fact]
    public void Phq9_WhenRead_ThenHasLoincItemsInPublishedOrderAndItem9IsTheSafetyItem()
    {
        // LOINC 44249-1 panel items 1–9 (US Core / LHC-Forms exports, docs/domain.md §2).
        string[] loinc = ["44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"];
        var phq9 = Get("phq-9");
        var scored = phq9.Items.Where(i => i.IsScored).ToList();

        Assert.Equal(loinc, scored.Select(i => i.Code!.Code));
        Assert.Equal(new CodeRef("http://loinc.org", "44249-1"), phq9.Code with { Display = null });
        Assert.Equal("44261-6", phq9.TotalScale.Code.Code);
        Assert.Equal((0m, 27m), (phq9.TotalScale.Min, phq9.TotalScale.Max));
        var safety = Assert.Single(phq9.Items, i => i.Safety is not null);
        Assert.Equal("44260-8", safety.Code!.Code);
        Assert.Equal(1m, safety.Safety!.MinOrdinal);
    }

    [Fact]
    public void Phq9DifficultyItem_WhenRead_ThenIsNotScoredAndKeepsLoincOrderOfVeryAndExtremely()
    {
        var difficulty = Get("phq-9").FindItemByCode("69722-7")!;
        Assert.False(difficulty.IsScored);
        // LA6575-0 is "Very difficult", LA6574-3 "Extremely difficult" (several public repos swap them).
        Assert.Equal("Very difficult", difficulty.FindAnswer("http://loinc.org", "LA6575-0")!.Coding.Display);
        Assert.Equal("Extremely difficult", difficulty.FindAnswer("http://loinc.org", "LA6574-3")!.Coding.Display);
    }

    [Fact]
    public void Gad7_WhenRead_ThenItem2UsesMoreDaysThanNotForTwo()
    {
        var gad7 = Get("gad-7");
        string[] loinc = ["69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"];
        Assert.Equal(loinc, gad7.Items.Where(i => i.IsScored).Select(i => i.Code!.Code));
        Assert.Equal(2m, gad7.FindItemByLinkId("2")!.FindAnswer("http://loinc.org", "LA18938-3")!.Ordinal);
        Assert.Equal((0m, 21m), (gad7.TotalScale.Min, gad7.TotalScale.Max));
        Assert.Equal("70274-6", gad7.TotalScale.Code.Code);
    }

    [Fact]
    public void WaiSr_WhenRead_ThenSubscalesFollowHatcherAndGillaspy2006()
    {
        var wai = Get("wai-sr");
        // Task 1,2,10,12; Bond 3,5,7,9; Goal 4,6,8,11 (docs/domain.md §2); each subscale 4–20, total 12–60.
        Assert.Equal(["1", "2", "10", "12"], wai.FindScale("task")!.ItemLinkIds.OrderBy(int.Parse));
        Assert.Equal(["3", "5", "7", "9"], wai.FindScale("bond")!.ItemLinkIds.OrderBy(int.Parse));
        Assert.Equal(["4", "6", "8", "11"], wai.FindScale("goal")!.ItemLinkIds.OrderBy(int.Parse));
        Assert.Equal((4m, 20m), (wai.FindScale("goal")!.Min, wai.FindScale("goal")!.Max));
        Assert.Equal((12m, 60m), (wai.TotalScale.Min, wai.TotalScale.Max));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => i.ToString()), wai.Items.Where(i => i.IsScored).Select(i => i.LinkId));
    }

    [Fact]
    public void Srs_WhenRead_ThenFourVisualAnalogueItemsTotal0To40WithCutoff36AndPcomsRules()
    {
        var srs = Get("srs");
        Assert.Equal((0m, 40m), (srs.TotalScale.Min, srs.TotalScale.Max));
        Assert.All(srs.Items.Where(i => i.IsScored), i => Assert.Equal((ItemKind.Numeric, 0m, 10m), (i.Kind, i.Min!.Value, i.Max!.Value)));
        Assert.Equal(36m, srs.FindCutoff("total", CutoffKind.AllianceConcern)!.Value);
        Assert.Contains(srs.RuptureRules, r => r is { Method: RuptureMethod.PointDrop, Threshold: 1m });
        Assert.Contains(srs.RuptureRules, r => r is { Method: RuptureMethod.BelowCutoff, Threshold: 36m });
    }

    [Theory]
    [InlineData("phq-9", CutoffKind.Caseness, 10)] // NHS Talking Therapies: PHQ-9 ≥ 10
    [InlineData("gad-7", CutoffKind.Caseness, 8)]  // NHS Talking Therapies: GAD-7 ≥ 8
    [InlineData("phq-9", CutoffKind.Remission, 5)] // CMS159: remission PHQ-9 < 5
    public void Cutoffs_WhenRead_ThenMatchPublishedValues(string id, CutoffKind kind, int value) =>
        Assert.Equal(value, Get(id).FindCutoff("total", kind)!.Value);

    [Theory]
    [InlineData("phq-9", 6)] // NHS Talking Therapies reliable change PHQ-9 ≥ 6
    [InlineData("gad-7", 4)] // GAD-7 ≥ 4
    public void ReliableChange_WhenRead_ThenMatchesNhsTalkingTherapies(string id, int threshold) =>
        Assert.Equal(threshold, Get(id).FindReliableChange("total")!.Threshold);

    [Fact]
    public void AllianceInstruments_WhenRead_ThenHigherIsBetterWithBothSdDropRules()
    {
        foreach (var id in new[] { "wai-sr", "srs", "sai", "d-wai" })
        {
            var instrument = Get(id);
            Assert.Equal((InstrumentCategory.Alliance, ScoreDirection.HigherIsBetter), (instrument.Category, instrument.Direction));
            // Stiles et al. 2004 (2 SD) and Strauss et al. 2006 (1 SD); Gumz et al. 2012: report both.
            Assert.Contains(instrument.RuptureRules, r => r is { Method: RuptureMethod.SdDrop, Threshold: 1m });
            Assert.Contains(instrument.RuptureRules, r => r is { Method: RuptureMethod.SdDrop, Threshold: 2m });
        }
    }

    [Fact]
    public void Resolve_WhenLhcFormsLoincCanonicalOrVersioned_ThenFindsTheSameInstrument()
    {
        var catalogue = ProfileFiles.Catalogue;
        Assert.Equal("phq-9", catalogue.Resolve("http://loinc.org/q/44249-1")!.Id);
        Assert.Equal("gad-7", catalogue.Resolve("http://loinc.org/q/69737-5")!.Id);
        Assert.Equal("wai-sr", catalogue.Resolve("https://alliancefhir.org/fhir/Questionnaire/wai-sr|1.0.0")!.Id);
        Assert.Null(catalogue.Resolve("https://example.org/Questionnaire/unknown"));
    }
}
