using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Tests.Support;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Tests.Scoring;

/// <summary>The tolerant safety reader's edges (docs/adr/0001, "Item 9 is read leniently").</summary>
public class SafetyReaderTests
{
    private static readonly SafetyReader Reader = new(TestCatalogue.Instance);

    [Fact]
    public void Read_WhenQuestionnaireUnknownButItemCoded44260_8IsThree_ThenPositiveAsPhq9WithReviewIssue()
    {
        // LOINC 44260-8 is PHQ-9 item 9 whatever form carries it (docs/domain.md §2): read it, and say so.
        var response = Responses.New("https://forms.example.org/Questionnaire/intake", [("/44260-8", Responses.Frequency(3))]);

        var read = Reader.Read(response);

        Assert.Equal("phq-9", read.Instrument?.Id);
        Assert.Equal(SafetyStatus.Positive, read.Signal?.Status);
        Assert.Equal(3m, read.Signal!.Ordinal);
        Assert.Contains(read.Issues, i => i.Code == "safety-read-by-code" && i.Message.Contains("review the response by hand"));
    }

    [Fact]
    public void Read_WhenItem9NestedUnderAnAnswerWithAnIntegerAndABoolean_ThenEachWarningNamesItsPathInOrder()
    {
        // Items 1-8 "Not at all"; item 9 sits in the first answer of a group item (index 8), answered 3 as an integer
        // and with a boolean. Expected, by the rules in SafetyReader: nested, read leniently (integer 3 on a coded item
        // is that answer's ordinal), unreadable (a boolean matches no answer), repeated (two answers, one readable).
        var response = Responses.Phq9(0, 0, 0, 0, 0, 0, 0, 0, null);
        response.Item.Add(new QuestionnaireResponse.ItemComponent
        {
            LinkId = "group",
            Answer =
            [
                new QuestionnaireResponse.AnswerComponent
                {
                    Value = new FhirString("x"),
                    Item = [new QuestionnaireResponse.ItemComponent { LinkId = "9", Answer = [new() { Value = new Integer(3) }, new() { Value = new FhirBoolean(true) }] }],
                },
            ],
        });
        const string at = "QuestionnaireResponse.item[8].answer[0].item[0]";

        var read = Reader.Read(response);

        Assert.Equal(SafetyStatus.Positive, read.Signal?.Status);
        Assert.Equal(3m, read.Signal!.Ordinal);
        Assert.Equal("Nearly every day", read.Signal.AnswerDisplay);
        Assert.Equal(
            [
                ("safety-item-nested", $"item 9 was found nested at {at}; it was read there for safety", at),
                ("safety-read-leniently", "item 9 was answered as valueInteger 3; read as 3 for safety", $"{at}.answer[0]"),
                ("safety-answer-unreadable", "item 9 has an answer (valueBoolean) that matches none of its answers: review it by hand", $"{at}.answer[1]"),
                ("safety-item-repeated", "item 9 has 2 answers (3); the highest counts for safety", at),
            ],
            read.Issues.Select(i => (i.Code, i.Message, i.Location)));
        Assert.All(read.Issues, i => Assert.Equal(IssueSeverity.Warning, i.Severity));
    }

    [Fact]
    public void Read_WhenItem9AnsweredTwiceAtTopLevel_ThenTheHighestCountsAndTheWarningListsBoth()
    {
        // Item 9 answered "Several days" then "Nearly every day" on one item: 1 and 3, the highest (3) counts.
        var response = Responses.Phq9(0, 0, 0, 0, 0, 0, 0, 0, null).WithItem("9", Responses.Frequency(1), Responses.Frequency(3));

        var read = Reader.Read(response);

        Assert.Equal(3m, read.Signal?.Ordinal);
        Assert.Equal("Nearly every day", read.Signal!.AnswerDisplay);
        var repeated = Assert.Single(read.Issues);
        Assert.Equal(("safety-item-repeated", "item 9 has 2 answers (1, 3); the highest counts for safety", "QuestionnaireResponse.item[8]"),
            (repeated.Code, repeated.Message, repeated.Location));
    }

    [Fact]
    public void Read_WhenTwoCataloguesOfEqualCountHoldDifferentSafetyItems_ThenEachReaderReadsItsOwnCataloguesItems()
    {
        // A site's catalogue with one instrument swapped: the PHQ-A in place of PHQ-9, so as many instruments as the other.
        var questionnaires = TestCatalogue.Questionnaires();
        var withPhq9 = new InstrumentCatalogue(questionnaires.Where(q => q.Id != "phq-a"));
        var withPhqA = new InstrumentCatalogue(questionnaires.Where(q => q.Id != "phq-9"));
        Assert.Equal(withPhq9.Instruments.Count, withPhqA.Instruments.Count);
        // PHQ-9 item 9 is coded LOINC 44260-8, read in any form; the PHQ-A's (items 9, 12, 13) carry no code.
        var coded = Responses.New("https://forms.example.org/Questionnaire/intake", [("/44260-8", Responses.Frequency(3))]);
        var phqA = Responses.New(TestCatalogue.Instance.FindById("phq-a")!.Url, [("12", new Coding("http://loinc.org", "LA33-6", "Yes"))]);

        var (phq9Reader, phqAReader) = (new SafetyReader(withPhq9), new SafetyReader(withPhqA));

        // Both also hold the YP-CORE, whose item 4 is its risk item.
        Assert.Equal(["4", "9"], withPhq9.SafetyItems.Select(i => i.LinkId).Order(StringComparer.Ordinal));
        Assert.Equal(["12", "13", "4", "9"], withPhqA.SafetyItems.Select(i => i.LinkId).Order(StringComparer.Ordinal));
        Assert.Equal(("phq-9", SafetyStatus.Positive), (phq9Reader.Read(coded).Instrument?.Id, phq9Reader.Read(coded).Signal?.Status));
        Assert.Null(phqAReader.Read(coded).Signal); // no PHQ-9 in this catalogue: nothing read as its item 9
        Assert.Equal(("phq-a", SafetyStatus.Positive), (phqAReader.Read(phqA).Instrument?.Id, phqAReader.Read(phqA).Signal?.Status));
        Assert.Null(phq9Reader.Read(phqA).Signal); // no PHQ-A in this one
    }

    [Fact]
    public void Read_WhenQuestionnaireUnknownAndOnlyABareLinkId9_ThenNoSignal()
    {
        // A ninth item of some other form is not PHQ-9 item 9: nothing is invented.
        var response = Responses.New("https://forms.example.org/Questionnaire/intake", [("9", Responses.Frequency(3))]);

        var read = Reader.Read(response);

        Assert.Null(read.Signal);
        Assert.Empty(read.Issues);
    }

    [Fact]
    public void Read_WhenItem9AnsweredWithABoolean_ThenMissingAndAReviewByHandIssue()
    {
        var response = Responses.Phq9(0, 0, 0, 0, 0, 0, 0, 0, null).WithItem("9", new FhirBoolean(true));

        var read = Reader.Read(response);

        Assert.Equal(SafetyStatus.Missing, read.Signal?.Status);
        Assert.Contains(read.Issues, i => i.Code == "safety-answer-unreadable" && i.Message.Contains("review it by hand"));
    }

    [Theory]
    // status literal -> silenced? Only entered-in-error (issue 9 §2; docs/domain.md §7 "stopped: what was answered was said").
    [InlineData(QuestionnaireResponse.QuestionnaireResponseStatus.Completed, SafetyStatus.Positive)]
    [InlineData(QuestionnaireResponse.QuestionnaireResponseStatus.Amended, SafetyStatus.Positive)]
    [InlineData(QuestionnaireResponse.QuestionnaireResponseStatus.InProgress, SafetyStatus.Positive)]
    [InlineData(QuestionnaireResponse.QuestionnaireResponseStatus.Stopped, SafetyStatus.Positive)]
    [InlineData(QuestionnaireResponse.QuestionnaireResponseStatus.EnteredInError, SafetyStatus.EnteredInError)]
    public void Read_WhenItem9IsOneUnderEachStatus_ThenOnlyEnteredInErrorSilences(QuestionnaireResponse.QuestionnaireResponseStatus status, SafetyStatus expected)
    {
        var response = Responses.Phq9(0, 0, 0, 0, 0, 0, 0, 0, 1);
        response.Status = status;

        Assert.Equal(expected, Reader.Read(response).Signal?.Status);
    }

    [Fact]
    public void Read_WhenStringAnswerHasOtherCaseAndSpaces_ThenMatchesTheDisplay()
    {
        var response = Responses.Phq9(0, 0, 0, 0, 0, 0, 0, 0, null).WithItem("9", new FhirString("  several DAYS "));

        var read = Reader.Read(response);

        Assert.Equal(SafetyStatus.Positive, read.Signal?.Status);
        Assert.Equal(1m, read.Signal!.Ordinal);
    }

    [Fact]
    public void Read_WhenFreeTextString_ThenNotReadAndTheTextIsNotEchoed()
    {
        var response = Responses.Phq9(0, 0, 0, 0, 0, 0, 0, 0, null).WithItem("9", new FhirString("Client-private words"));

        var read = Reader.Read(response);

        Assert.Equal(SafetyStatus.Missing, read.Signal?.Status);
        Assert.All(read.Issues, i => Assert.DoesNotContain("Client-private", i.Message));
    }

    [Fact]
    public void ReadUnparsed_WhenJsonIsBroken_ThenOnlyTheRejection()
    {
        var rejection = new ScoringIssue(IssueSeverity.Error, "invalid-json", "cut off", "");

        var result = Reader.ReadUnparsed("{\"resourceType\":\"QuestionnaireResponse\",\"item\":[{\"linkId\":\"9\"", rejection);

        Assert.Null(result.Safety);
        Assert.Equal([rejection], result.Issues);
    }
}
