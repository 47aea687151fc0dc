using AllianceFhir.Core.Catalogue;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Tests.Catalogue;

public class QuestionnaireReaderTests
{
    [Fact]
    public void Read_WhenScaleExtensionMissing_ThenErrorNamesTheQuestionnaire()
    {
        var q = ProfileFiles.Read<Questionnaire>("Questionnaire-gad-7.json");
        q.Extension.RemoveAll(e => e.Url == CanonicalUrls.Scale);

        var error = Assert.Throws<CatalogueException>(() => QuestionnaireReader.Read(q));
        Assert.Contains("Questionnaire/gad-7", error.Message);
        Assert.Contains("scale", error.Message);
    }

    [Fact]
    public void Read_WhenAnAnswerHasNoOrdinal_ThenErrorNamesTheItemAndAnswer()
    {
        var q = ProfileFiles.Read<Questionnaire>("Questionnaire-phq-9.json");
        var option = q.Item.First(i => i.LinkId == "3").AnswerOption[1];
        option.Extension.Clear();
        ((Coding)option.Value).Extension.Clear();

        var error = Assert.Throws<CatalogueException>(() => QuestionnaireReader.Read(q));
        Assert.Contains("item '3'", error.Message);
        Assert.Contains("LA6569-3", error.Message);
    }

    [Fact]
    public void Read_WhenNewInstrumentIsOnlyData_ThenItIsScorableWithoutCodeChanges()
    {
        // Adding an instrument is adding a file: a copy of SAI under a new url becomes a new instrument.
        var q = ProfileFiles.Read<Questionnaire>("Questionnaire-sai.json");
        q.Id = "site-alliance";
        q.Url = "https://example.org/fhir/Questionnaire/site-alliance";
        var catalogue = new InstrumentCatalogue([q]);

        var instrument = catalogue.Resolve(q.Url)!;
        Assert.Equal("site-alliance", instrument.Id);
        Assert.Equal(6, instrument.TotalScale.ItemLinkIds.Count);
    }

    [Fact]
    public void Read_WhenInformantIsNotSelfOrCaregiver_ThenErrorNamesIt()
    {
        var q = ProfileFiles.Read<Questionnaire>("Questionnaire-rcads-p-25.json");
        q.GetExtension(CanonicalUrls.Informant)!.Value = new Code("teacher");

        var error = Assert.Throws<CatalogueException>(() => QuestionnaireReader.Read(q));
        Assert.Contains("Questionnaire/rcads-p-25", error.Message);
        Assert.Contains("informant is 'teacher'", error.Message);
    }

    [Fact]
    public void Read_WhenIntendedAgeMaxBelowMin_ThenErrorNamesTheRange()
    {
        var q = ProfileFiles.Read<Questionnaire>("Questionnaire-yp-core.json");
        q.GetExtension(CanonicalUrls.IntendedAge)!.GetExtension("max")!.Value = new Integer(9);

        var error = Assert.Throws<CatalogueException>(() => QuestionnaireReader.Read(q));
        Assert.Contains("intended-age", error.Message);
        Assert.Contains("11..9", error.Message);
    }

    [Fact]
    public void AgeRange_WhenAskedAboutAges_ThenInclusiveAtBothEnds()
    {
        // Age routing (issue 13: 14-17, 18-24) asks whether an instrument is meant for an age; RCADS is meant for 8-18.
        var rcads = new InstrumentCatalogue([ProfileFiles.Read<Questionnaire>("Questionnaire-rcads-25.json")]).FindById("rcads-25")!;

        Assert.Equal([false, true, true, false], new[] { 7, 8, 18, 19 }.Select(rcads.IntendedAge!.Contains));
    }
}
