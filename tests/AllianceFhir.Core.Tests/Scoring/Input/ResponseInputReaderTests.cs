using System.Text;
using AllianceFhir.Core.Scoring.Input;
using AllianceFhir.Core.Tests.Support;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Core.Tests.Scoring.Input;

/// <summary>
/// Issue 12: the hot path's reader never accepts a line Firely's strict parse refuses, and what it reads is what the
/// scorer would have read from Firely's resource (<see cref="ResponseInput.From"/>), value for value.
/// </summary>
public class ResponseInputReaderTests
{
    private static readonly FhirJsonDeserializer Strict = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    private static QuestionnaireResponse? ParseStrict(string line, out string? error)
    {
        error = null;
        try
        {
            return Strict.DeserializeResource(line) as QuestionnaireResponse;
        }
        catch (Exception e) when (e is DeserializationFailedException or System.Text.Json.JsonException)
        {
            error = e.Message;
            return null;
        }
    }

    [Fact]
    public void TryRead_WhenCohortOrGoldenLine_ThenReadsOnlyWhatFirelyAcceptsAndTheSameValues()
    {
        var fast = 0;
        var strictRejected = 0;
        foreach (var (name, line) in ReaderFixtures.All())
        {
            var read = ResponseInputReader.TryRead(Encoding.UTF8.GetBytes(line));
            var poco = ParseStrict(line, out var error);
            if (poco is null) strictRejected++;
            if (read is null) continue;
            fast++;
            Assert.True(poco is not null, $"{name}: read by the hot path but refused by Firely's strict parse: {error}");
            var expected = ResponseInput.From(poco!);
            Assert.Equal(expected.Id, read.Id);
            Assert.Equal(expected.VersionId, read.VersionId);
            Assert.Equal(expected.LastUpdated, read.LastUpdated);
            Assert.Equal(expected.Authored, read.Authored);
            Assert.True(expected.ContentHash() == read.ContentHash(), $"{name}: the hot path read other values than Firely's resource holds");
        }
        // The cohort's well-formed lines (1,980 less its malformed ones) are read fast; the malformed ones are not.
        Assert.True(fast > 1900, $"only {fast} lines read by the hot path");
        Assert.True(strictRejected > 0, "the fixtures hold no line Firely refuses: the check above proved nothing");
    }

    [Theory]
    [InlineData("""{"resourceType":"QuestionnaireResponse","id":"a","status":"completed","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"}}""")]
    [InlineData("""{"resourceType":"QuestionnaireResponse","id":"a","status":"completed","foo":1}""")]
    [InlineData("""{"resourceType":"QuestionnaireResponse","id":"a b","status":"completed"}""")]
    [InlineData("""{"resourceType":"QuestionnaireResponse","id":"a","status":"done"}""")]
    [InlineData("""{"resourceType":"QuestionnaireResponse","id":"a","status":"completed","authored":"2026-13-01"}""")]
    [InlineData("""{"resourceType":"QuestionnaireResponse","id":"a","status":"completed","subject":{"reference":""}}""")]
    [InlineData("""{"resourceType":"QuestionnaireResponse","id":"a","status":"completed","item":[]}""")]
    [InlineData("""{"resourceType":"QuestionnaireResponse","id":"a","status":"completed","item":[{"linkId":"1","answer":[{"valueInteger":1.5}]}]}""")]
    [InlineData("""{"resourceType":"QuestionnaireResponse","id":"a","status":"completed","item":[{"linkId":"1","answer":[{"valueString":"x"}]}]}""")]
    [InlineData("""{"resourceType":"QuestionnaireResponse","id":"a","status":"completed","item":[{"linkId":"1","answer":[{"valueCoding":{"code":"x","extension":[]}}]}]}""")]
    [InlineData("""{"resourceType":"QuestionnaireResponse","id":"a","status":"completed","status":"completed"}""")]
    [InlineData("""{"resourceType":"QuestionnaireResponse","id":"a"}""")]
    [InlineData("""{"resourceType":"Observation","id":"a","status":"final"}""")]
    [InlineData("""{"resourceType":"QuestionnaireResponse","id":"a","status":"completed"} x""")]
    public void TryRead_WhenLineIsOutsideTheShapeItVouchesFor_ThenLeavesItToTheStrictPath(string line)
    {
        Assert.Null(ResponseInputReader.TryRead(Encoding.UTF8.GetBytes(line)));
    }

    [Fact]
    public void TryRead_WhenLhcFormsPhq9_ThenItemsAnswersAndEnvelopeAreRead()
    {
        const string line = """{"resourceType":"QuestionnaireResponse","id":"qr-1","meta":{"versionId":"2","lastUpdated":"2026-03-01T10:00:00Z"},"questionnaire":"http://loinc.org/q/44249-1","status":"completed","subject":{"reference":"Patient/p1"},"authored":"2026-02-27T11:02:28Z","item":[{"linkId":"/44260-8","text":"Thoughts","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6571-9","display":"Nearly every day"}}]},{"linkId":"/44261-6","answer":[{"valueInteger":3}]}]}""";

        var read = ResponseInputReader.TryRead(Encoding.UTF8.GetBytes(line));

        Assert.NotNull(read);
        Assert.Equal("qr-1", read.Id);
        Assert.Equal("2", read.VersionId);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), read.LastUpdated);
        Assert.Equal("Patient/p1", read.Subject);
        Assert.Equal(new DateTimeOffset(2026, 2, 27, 11, 2, 28, TimeSpan.Zero), read.Authored);
        Assert.Equal("/44260-8", read.Items[0].LinkId);
        Assert.Equal(new AnswerValue("Coding", "http://loinc.org", "LA6571-9", "Nearly every day"), read.Items[0].Answers[0].Value);
        Assert.Equal(3m, read.Items[1].Answers[0].Value!.Number);
    }

    [Fact]
    public void TryRead_WhenTwoLinesOfTheSameForm_ThenTheirRepeatedStringsAreOneString()
    {
        const string first = """{"resourceType":"QuestionnaireResponse","id":"a","status":"completed","item":[{"linkId":"/44260-8","text":"Thoughts","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6571-9","display":"Nearly every day"}}]}]}""";
        const string second = """{"resourceType":"QuestionnaireResponse","id":"b","status":"completed","item":[{"linkId":"/44260-8","text":"Thoughts","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6571-9","display":"Nearly every day"}}]}]}""";

        var a = ResponseInputReader.TryRead(Encoding.UTF8.GetBytes(first))!;
        var b = ResponseInputReader.TryRead(Encoding.UTF8.GetBytes(second))!;

        // Read once, not once per line (issue 12: the same form's strings on every line cost no allocation).
        Assert.Same(a.Items[0].LinkId, b.Items[0].LinkId);
        Assert.Same(a.Items[0].Text, b.Items[0].Text);
        Assert.Same(a.Items[0].Answers[0].Value!.Code, b.Items[0].Answers[0].Value!.Code);
        Assert.Same(a.Items[0].Answers[0].Value!.Display, b.Items[0].Answers[0].Value!.Display);
    }

    [Fact]
    public void TryRead_WhenTheSubjectRepeatsTheLastLines_ThenOneStringAndTheSameChecks()
    {
        static ResponseInput? Read(string subject) => ResponseInputReader.TryRead(Encoding.UTF8.GetBytes(
            $$$"""{"resourceType":"QuestionnaireResponse","id":"a","status":"completed","subject":{"reference":"{{{subject}}}"}}"""));

        var first = Read("Patient/p1")!;
        var second = Read("Patient/p1")!;
        var escaped = Read(@"Patient/p\u0031");
        var spaced = Read("Patient/p1 ");
        var other = Read("Patient/p2");

        Assert.Same(first.Subject, second.Subject); // the last line's subject again (issue 12)
        Assert.Equal("Patient/p1", escaped?.Subject);
        Assert.Null(spaced); // trailing white space: declined as before, though it starts as the kept one
        Assert.Equal("Patient/p2", other?.Subject);
    }

    [Fact]
    public void TryRead_WhenItemStringsAreEscapedOrLong_ThenTheyAreReadAsFirelyReadsThem()
    {
        var longText = string.Concat(Enumerable.Repeat("Over the last two weeks, how often ", 12)).TrimEnd(); // over 256 characters
        var line = $$$"""{"resourceType":"QuestionnaireResponse","id":"a","status":"completed","item":[{"linkId":"/44250-9","text":"Little \u0069nterest \"or\" pleasure \u00e9","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6568-5","display":"Not at all"}}]},{"linkId":"/44255-8","text":"{{{longText}}}","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6568-5","display":"{{{longText}}}"}}]}]}""";

        var read = ResponseInputReader.TryRead(Encoding.UTF8.GetBytes(line));

        var poco = ParseStrict(line, out var error);
        Assert.True(poco is not null, error);
        Assert.NotNull(read);
        Assert.Equal("Little interest \"or\" pleasure é", read.Items[0].Text);
        Assert.Equal(poco!.Item[0].Text, read.Items[0].Text);
        Assert.Equal(longText, read.Items[1].Text);
        Assert.Equal(longText, read.Items[1].Answers[0].Value!.Display);
        Assert.Equal(ResponseInput.From(poco).ContentHash(), read.ContentHash());
    }

    [Theory]
    [InlineData("""{"linkId":"1","text":"a\u0001b","answer":[{"valueInteger":1}]}""")]
    [InlineData("""{"linkId":" 1","answer":[{"valueInteger":1}]}""")]
    [InlineData("""{"linkId":"1","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6568-5 ","display":"x"}}]}""")]
    [InlineData("""{"linkId":"1","answer":[{"valueCoding":{"system":"http://lo inc.org","code":"LA6568-5"}}]}""")]
    [InlineData("""{"linkId":"1","answer":[{"valueCoding":{"system":"http://loinc.org","code":"LA6568-5","display":""}}]}""")]
    public void TryRead_WhenAnItemStringBreaksTheFhirRules_ThenLeavesItToTheStrictPath(string item)
    {
        var line = $$$"""{"resourceType":"QuestionnaireResponse","id":"a","status":"completed","item":[{{{item}}}]}""";

        // Declined: the strict path reads the line and says what is wrong with it, as before the shared strings.
        Assert.Null(ResponseInputReader.TryRead(Encoding.UTF8.GetBytes(line)));
    }

    [Theory]
    [InlineData("2026-01-05T09:00:00Z")]
    [InlineData("2026-01-05T09:00:00-05:00")]
    [InlineData("2026-01-05T23:59:59+14:00")]
    [InlineData("2026-01-05T09:00:00.12+01:30")]
    [InlineData("2026-01-05T09:00:00.1234567Z")]
    [InlineData("2026-01-05T09:00:00.123456789-13:59")]
    [InlineData("2026-01-05T09:00:00-00:00")]
    [InlineData("2024-02-29T09:00:00Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("2026-01-05")]
    [InlineData("2026-01")]
    [InlineData("2026")]
    public void Authored_WhenAValidDateTime_ThenTheSameInstantAndOffsetAsFirely(string text)
    {
        var firely = new FhirDateTime(text).ToDateTimeOffset(TimeSpan.Zero);

        var read = ResponseInputReader.Authored(text);

        // Same instant and same offset: the score's effectiveDateTime is written from it.
        Assert.Equal(firely.UtcTicks, read.UtcTicks);
        Assert.Equal(firely.Offset, read.Offset);
    }

    [Theory]
    [InlineData("2026-02-29T09:00:00Z")]
    [InlineData("2026-12-31T23:59:60Z")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    public void Authored_WhenFirelyRefusesTheValue_ThenItIsRefusedToo(string text)
    {
        Assert.ThrowsAny<Exception>(() => new FhirDateTime(text).ToDateTimeOffset(TimeSpan.Zero));
        Assert.ThrowsAny<Exception>(() => ResponseInputReader.Authored(text));
    }
    [Fact]
    public void IsFhirId_WhenAnyText_ThenWhatTheR4IdPatternAccepts()
    {
        // The R4 id pattern as the spec gives it (datatypes.html#id); a regex's $ also lets a final newline through,
        // which no FHIR string has (trailing whitespace), so those are left out of the comparison.
        var pattern = new System.Text.RegularExpressions.Regex(@"^[A-Za-z0-9\-\.]{1,64}$");
        var random = new Random(64);
        const string alphabet = "aZ09-._ /é\n\t+";
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var length = random.Next(0, 70);
            var chars = new char[length];
            for (var c = 0; c < length; c++) chars[c] = random.Next(10) < 8 ? "aZ09-."[random.Next(6)] : alphabet[random.Next(alphabet.Length)];
            var text = new string(chars);
            if (text.EndsWith('\n')) continue;
            var expected = pattern.IsMatch(text);
            Assert.Equal(expected, ResponseInputReader.IsFhirId(text));
            if (expected) accepted++;
        }
        Assert.True(accepted > 1000, $"only {accepted} ids accepted");
        Assert.False(ResponseInputReader.IsFhirId("abc\n"));
    }
}
