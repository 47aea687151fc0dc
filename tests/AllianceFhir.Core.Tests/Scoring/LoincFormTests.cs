using AllianceFhir.Core.Tests.Support;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Tests.Scoring;

/// <summary>
/// Other forms of the same instrument (ADR 0001 "Mapping other forms"): LHC-Forms renders the LOINC PHQ-9 panel as
/// questionnaire http://loinc.org/q/44249-1 with linkIds "/{item LOINC}" and bare LA answer codes; a canonical may carry
/// a |version suffix.
/// </summary>
public class LoincFormTests
{
    [Fact]
    public void Score_WhenLhcFormsLoincPhq9_ThenScoresTheSameAsOurForm()
    {
        // 1+2+3+0+1+2+3+0+1 = 13 (moderate) on both forms.
        int?[] answers = [1, 2, 3, 0, 1, 2, 3, 0, 1];

        var ours = TestCatalogue.Score(Responses.Phq9(answers));
        var lhc = TestCatalogue.Score(Responses.Phq9LoincForm(answers));

        Assert.False(lhc.IsRejected);
        Assert.Equal("phq-9", lhc.Instrument?.Id);
        Assert.Equal(13m, lhc.Total!.Value);
        Assert.Equal(ours.Total!.Value, lhc.Total.Value);
        Assert.Equal("moderate", lhc.Total.Band?.Code);
        Assert.Equal(ours.Safety?.Status, lhc.Safety?.Status);
    }

    [Fact]
    public void Score_WhenLhcFormsCarriesItsCalculatedTotal44261_6_ThenItIsIgnoredNotRejected()
    {
        // '/44261-6' resolves (by item code) to the read-only calculated total item: the form's own total (here a wrong 99)
        // is neither an unknown item nor a scored answer; the engine recomputes 1 x 9 = 9.
        var response = Responses.Phq9LoincForm(1, 1, 1, 1, 1, 1, 1, 1, 1)
            .WithItem("/44261-6", new Integer(99))
            .WithItem("/69722-7", new Coding(Responses.Loinc, "LA6573-5", "Somewhat difficult"));

        var result = TestCatalogue.Score(response);

        Assert.False(result.IsRejected);
        Assert.Empty(result.Issues);
        Assert.Equal(9m, result.Total!.Value);
    }

    [Fact]
    public void Score_WhenQuestionnaireCanonicalHasVersionSuffix_ThenResolvesToTheInstrument()
    {
        // 2+2+2+2+2+0+0+0+0 = 10 (moderate)
        var response = Responses.Phq9(2, 2, 2, 2, 2, 0, 0, 0, 0);
        response.Questionnaire = Responses.Phq9Url + "|1.0.0";

        var result = TestCatalogue.Score(response);

        Assert.False(result.IsRejected);
        Assert.Equal("phq-9", result.Instrument?.Id);
        Assert.Equal(10m, result.Total!.Value);
    }
}
