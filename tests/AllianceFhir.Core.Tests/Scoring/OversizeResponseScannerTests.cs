using System.Text;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Tests.Support;

namespace AllianceFhir.Core.Tests.Scoring;

/// <summary>
/// Issue 10 §2: an over-size line is scanned in chunks for what safety needs. Each case is fed in small chunks (so
/// tokens straddle chunk ends) and its result read by the safety reader; expected values written by hand.
/// </summary>
public sealed class OversizeResponseScannerTests
{
    private const string Head = """{"resourceType":"QuestionnaireResponse","id":"qr-1","questionnaire":"https://alliancefhir.org/fhir/Questionnaire/phq-9","status":"completed","subject":{"reference":"Patient/p1"},""";

    private static string Item(string linkId, string answer) => "{\"linkId\":\"" + linkId + "\",\"answer\":[" + answer + "]}";

    private static string Coding(string code) => "{\"valueCoding\":{\"system\":\"http://loinc.org\",\"code\":\"" + code + "\"}}";

    private static ScoringResult Scan(string line, int chunk, out OversizeResponseScanner scanner)
    {
        scanner = new OversizeResponseScanner(TestCatalogue.Instance);
        var bytes = Encoding.UTF8.GetBytes(line);
        for (var i = 0; i < bytes.Length; i += chunk) scanner.Feed(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)));
        var json = scanner.Complete();
        Assert.NotNull(json);
        return new ResponseScorer(TestCatalogue.Instance).ScoreUnparsed(json, new ScoringIssue(IssueSeverity.Error, "line-too-large", "too large", ""));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(65536)]
    public void Feed_WhenItem9ComesAfterAHugeStringWithEscapesAndMultibyteText_ThenItIsReadAtAnyChunkSize(int chunk)
    {
        // 20,000 characters of 'é' (2 bytes each) with escapes in them: cut at 4,096 bytes without splitting one.
        var pad = string.Concat(Enumerable.Repeat("é\\\"\\u00e9", 5_000));
        var line = Head + "\"text\":{\"div\":\"" + pad + "\"},\"item\":[" + Item("1", Coding("LA6569-3")) + "," + Item("9", Coding("LA6571-9")) + "]}\r";

        var result = Scan(line, chunk, out var scanner);

        Assert.Null(scanner.Problem);
        Assert.Equal(("QuestionnaireResponse", "qr-1"), (scanner.ResourceType, scanner.Id));
        Assert.Equal(SafetyStatus.Positive, result.Safety!.Status);
        Assert.Equal(3m, result.Safety.Ordinal);
        Assert.Equal("Patient/p1", result.PatientReference);
    }

    [Fact]
    public void Feed_WhenItem9IsNestedInAGroupAndAnsweredAsAnInteger_ThenItIsRead()
    {
        var line = Head + "\"item\":[{\"linkId\":\"g\",\"item\":[" + Item("9", "{\"valueInteger\":2}") + "]}]}";

        var result = Scan(line, 5, out _);

        Assert.Equal((SafetyStatus.Positive, 2m), (result.Safety!.Status, result.Safety.Ordinal));
    }

    [Fact]
    public void Feed_WhenItem9IsZero_ThenNoPositiveSignal()
    {
        var result = Scan(Head + "\"item\":[" + Item("9", Coding("LA6568-5")) + "]}", 3, out _);

        Assert.Equal(SafetyStatus.Negative, result.Safety!.Status);
    }

    [Fact]
    public void Feed_WhenTheJsonBreaksAfterItem9_ThenItem9IsStillReadAndTheProblemNamed()
    {
        var line = Head + "\"item\":[" + Item("9", Coding("LA6570-1")) + ",{\"linkId\":\"1\",\"answer\":[}";

        var result = Scan(line, 11, out var scanner);

        Assert.NotNull(scanner.Problem);
        Assert.Equal((SafetyStatus.Positive, 2m), (result.Safety!.Status, result.Safety.Ordinal));
    }

    [Fact]
    public void Feed_WhenNested10000DeepBeforeItem9_ThenTheNestingIsSkippedAndItem9Read()
    {
        var line = Head + "\"x\":" + new string('[', 10_000) + new string(']', 10_000) + ",\"item\":[" + Item("9", Coding("LA6571-9")) + "]}";

        var result = Scan(line, 4096, out var scanner);

        Assert.Null(scanner.Problem);
        Assert.Equal((SafetyStatus.Positive, 3m), (result.Safety!.Status, result.Safety.Ordinal));
    }

    [Fact]
    public void Complete_WhenTheLineIsNotAJsonObject_ThenNull()
    {
        var scanner = new OversizeResponseScanner(TestCatalogue.Instance);
        scanner.Feed("[1,2,3]"u8);

        Assert.Null(scanner.Complete());
    }
}
