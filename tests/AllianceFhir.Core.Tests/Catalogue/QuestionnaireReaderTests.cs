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
}
