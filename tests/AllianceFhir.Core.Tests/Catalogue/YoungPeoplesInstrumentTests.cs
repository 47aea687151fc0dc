using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Tests.Catalogue;

/// <summary>
/// The young people's pack as the catalogue reads it from profiles/ (docs/domain.md §2): informant, intended ages, counterpart,
/// item structure, scales, cutoffs and the licence decision (wording shipped only where the licence allows).
/// </summary>
public class YoungPeoplesInstrumentTests
{
    private static Instrument Get(string id) => ProfileFiles.Catalogue.FindById(id)!;

    [Theory]
    [InlineData("phq-a", Informant.Self, 12, 18)]      // GLAD-PC: ages 12-18
    [InlineData("rcads-25", Informant.Self, 8, 18)]    // RCADS FAQ: grades 3-12, typically 8-18
    [InlineData("rcads-p-25", Informant.Caregiver, 8, 18)]
    [InlineData("yp-core", Informant.Self, 11, 16)]    // Twigg et al. 2009/2016: 11-16
    [InlineData("cors", Informant.Self, 6, 12)]        // Duncan et al. 2006: 6-12
    [InlineData("csrs", Informant.Self, 6, 12)]
    public void YoungPeoplesInstrument_WhenRead_ThenInformantAndIntendedAgeWithSource(string id, Informant informant, int min, int max)
    {
        var instrument = Get(id);

        Assert.Equal(informant, instrument.Informant);
        Assert.Equal((min, max), (instrument.IntendedAge!.MinYears, instrument.IntendedAge.MaxYears));
        Assert.False(string.IsNullOrWhiteSpace(instrument.IntendedAge.Source));
        Assert.True(instrument.LicensedText, $"{id}: wording must come from a text pack (licence, docs/domain.md §2)");
    }

    [Fact]
    public void AdultInstruments_WhenRead_ThenSelfReportWithNoAgeRange()
    {
        // Profiles without the new extensions read as before: a self-report with no intended age.
        foreach (var id in new[] { "phq-9", "gad-7", "wai-sr", "srs", "sai", "d-wai" })
            Assert.Equal((Informant.Self, (AgeRange?)null, (string?)null), (Get(id).Informant, Get(id).IntendedAge, Get(id).Counterpart));
    }

    [Fact]
    public void Rcads25_WhenRead_ThenSelfAndParentVersionsNameEachOtherAndShareTheirStructure()
    {
        var self = Get("rcads-25");
        var parent = Get("rcads-p-25");

        Assert.Equal(parent.Url, self.Counterpart);
        Assert.Equal(self.Url, parent.Counterpart);
        Assert.Equal(ProfileFiles.Catalogue.Resolve(self.Counterpart)!.Id, parent.Id);
        // Ebesutani et al. 2012: depression 1, 4, 8, 10, 13, 15, 16, 19, 21, 24 (0-30); anxiety the other 15 (0-45); total 0-75.
        string[] depression = ["1", "4", "8", "10", "13", "15", "16", "19", "21", "24"];
        foreach (var rcads in new[] { self, parent })
        {
            Assert.Equal(depression, rcads.FindScale("depression")!.ItemLinkIds);
            Assert.Equal(15, rcads.FindScale("anxiety")!.ItemLinkIds.Count);
            Assert.Empty(rcads.FindScale("anxiety")!.ItemLinkIds.Intersect(depression));
            Assert.Equal((0m, 30m), (rcads.FindScale("depression")!.Min, rcads.FindScale("depression")!.Max));
            Assert.Equal((0m, 45m), (rcads.FindScale("anxiety")!.Min, rcads.FindScale("anxiety")!.Max));
            Assert.Equal((0m, 75m), (rcads.TotalScale.Min, rcads.TotalScale.Max));
            Assert.Equal((InstrumentCategory.Symptom, ScoreDirection.HigherIsWorse), (rcads.Category, rcads.Direction));
            // Raw scores only: no T-score bands or cutoffs that would need unverified norm tables.
            Assert.Empty(rcads.Bands);
            Assert.Empty(rcads.Cutoffs);
        }
        Assert.NotEqual(self.TotalScale.Code, parent.TotalScale.Code);
    }

    [Fact]
    public void PhqA_WhenRead_ThenNineScoredItemsWithPhq9BandsAndThreeSafetyItems()
    {
        var phqA = Get("phq-a");

        Assert.Equal(Enumerable.Range(1, 9).Select(i => i.ToString()), phqA.TotalScale.ItemLinkIds);
        Assert.Equal((0m, 27m), (phqA.TotalScale.Min, phqA.TotalScale.Max));
        // GLAD-PC scoring sheet: 0-4, 5-9, 10-14, 15-19, 20-27 (the PHQ-9's bands).
        Assert.Equal(["minimal 0-4", "mild 5-9", "moderate 10-14", "moderately-severe 15-19", "severe 20-27"],
            phqA.Bands.Select(b => $"{b.Code} {b.Min:0}-{b.Max:0}"));
        Assert.Equal(11m, phqA.FindCutoff("total", CutoffKind.Caseness)!.Value); // GLAD-PC: > 10
        // Item 9 first, like PHQ-9 item 9; then the two GLAD-PC suicide questions. All fire at ordinal 1.
        Assert.Equal(["9", "12", "13"], phqA.Items.Where(i => i.Safety is not null).Select(i => i.LinkId));
        Assert.All(phqA.Items.Where(i => i.Safety is not null), i => Assert.Equal(1m, i.Safety!.MinOrdinal));
        Assert.All(new[] { "10", "11", "12", "13" }, id => Assert.False(phqA.FindItemByLinkId(id)!.IsScored));
    }

    [Fact]
    public void YpCore_WhenRead_ThenTenItems0To4WithItems3And5And10Reversed()
    {
        var yp = Get("yp-core");

        Assert.Equal((0m, 40m), (yp.TotalScale.Min, yp.TotalScale.Max));
        Assert.Equal(1, yp.TotalScale.MaxMissingItems); // CST: pro-rate when no more than 10% of items are missing
        foreach (var item in yp.Items.Where(i => i.IsScored))
        {
            var leftmost = item.FindAnswer(Support.Responses.AnswerScales, "yp-core-1")!.Ordinal;
            Assert.Equal(item.LinkId is "3" or "5" or "10" ? 4m : 0m, leftmost);
        }
        Assert.Empty(yp.Cutoffs); // age- and gender-specific in Twigg et al. 2016: not representable, not shipped
        // Item 4, the single risk-to-self item (Twigg et al. 2009), not reversed: any answer above "Not at all" is a safety signal.
        var risk = Assert.Single(yp.Items, i => i.Safety is not null);
        Assert.Equal(("4", "self-harm", 1m), (risk.LinkId, risk.Safety!.Kind, risk.Safety.MinOrdinal));
        Assert.Equal(0m, risk.FindAnswer(Support.Responses.AnswerScales, "yp-core-1")!.Ordinal);
    }

    [Fact]
    public void CorsAndCsrs_WhenRead_ThenFourVisualAnalogueItemsLikeOrsAndSrs()
    {
        var cors = Get("cors");
        var csrs = Get("csrs");

        foreach (var vas in new[] { cors, csrs })
        {
            Assert.Equal((0m, 40m), (vas.TotalScale.Min, vas.TotalScale.Max));
            Assert.All(vas.Items.Where(i => i.IsScored), i => Assert.Equal((ItemKind.Numeric, 0m, 10m), (i.Kind, i.Min!.Value, i.Max!.Value)));
            Assert.Equal(ScoreDirection.HigherIsBetter, vas.Direction);
        }
        Assert.Equal(InstrumentCategory.Symptom, cors.Category);
        Assert.Equal((CutoffKind.Caseness, "<", 32m), (cors.Cutoffs.Single().Kind, cors.Cutoffs.Single().Comparator, cors.Cutoffs.Single().Value));
        Assert.Equal(InstrumentCategory.Alliance, csrs.Category);
        Assert.Equal(36m, csrs.FindCutoff("total", CutoffKind.AllianceConcern)!.Value);
        Assert.Contains(csrs.RuptureRules, r => r is { Method: RuptureMethod.PointDrop, Threshold: 1m });
        Assert.Contains(csrs.RuptureRules, r => r is { Method: RuptureMethod.SdDrop, Threshold: 2m });
        Assert.Contains(csrs.RuptureRules, r => r is { Method: RuptureMethod.SdDrop, Threshold: 1m });
    }
}
