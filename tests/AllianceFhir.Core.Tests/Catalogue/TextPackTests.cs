using AllianceFhir.Core.Catalogue;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Tests.Catalogue;

public class TextPackTests
{
    private const string WaiSr = "https://alliancefhir.org/fhir/Questionnaire/wai-sr";

    [Fact]
    public void ApplyTo_WhenPackNamesItemsAndAnswers_ThenWordingChangesAndOrdinalsDoNot()
    {
        var q = ProfileFiles.Read<Questionnaire>("Questionnaire-wai-sr.json");
        var pack = TextPack.Parse($$"""
            { "questionnaire": "{{WaiSr}}", "language": "en", "title": "Licensed title",
              "items": { "4": "Site wording for item four" },
              "answers": { "https://alliancefhir.org/fhir/CodeSystem/answer-scales|wai-sr-5": "Site label five" } }
            """, "site.json");

        var applied = pack.ApplyTo(q);

        Assert.Equal("Site wording for item four", applied.Item.Single(i => i.LinkId == "4").Text);
        Assert.Equal("WAI-SR item 1 (task)", applied.Item.Single(i => i.LinkId == "1").Text);
        Assert.Equal("Licensed title", applied.Title);
        Assert.Equal("Site label five", ((Coding)applied.Item.Single(i => i.LinkId == "4").AnswerOption[4].Value).Display);
        Assert.Equal("WAI-SR item 4 (goal)", q.Item.Single(i => i.LinkId == "4").Text); // the shipped structure is untouched
        Assert.Equal(
            QuestionnaireReader.Read(q).Items.SelectMany(i => i.AnswerOptions).Select(a => (a.Coding.Code, a.Ordinal)),
            QuestionnaireReader.Read(applied).Items.SelectMany(i => i.AnswerOptions).Select(a => (a.Coding.Code, a.Ordinal)));
    }

    [Fact]
    public void ApplyTo_WhenPackNamesUnknownLinkId_ThenErrorNamesIt()
    {
        var q = ProfileFiles.Read<Questionnaire>("Questionnaire-wai-sr.json");
        var pack = TextPack.Parse($$"""{ "questionnaire": "{{WaiSr}}", "items": { "13": "x" } }""", "site.json");

        var error = Assert.Throws<CatalogueException>(() => pack.ApplyTo(q));
        Assert.Contains("'13'", error.Message);
    }

    [Fact]
    public void ApplyTo_WhenPackIsForAnotherQuestionnaire_ThenRefuses()
    {
        var q = ProfileFiles.Read<Questionnaire>("Questionnaire-srs.json");
        var pack = TextPack.Parse($$"""{ "questionnaire": "{{WaiSr}}" }""", "site.json");

        Assert.Throws<CatalogueException>(() => pack.ApplyTo(q));
    }

    [Fact]
    public void Parse_WhenJsonIsBroken_ThenErrorNamesTheFile()
    {
        var error = Assert.Throws<CatalogueException>(() => TextPack.Parse("{ not json", "site-pack.json"));
        Assert.Contains("site-pack.json", error.Message);
    }
}
