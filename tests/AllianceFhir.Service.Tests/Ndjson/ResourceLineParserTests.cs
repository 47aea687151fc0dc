using AllianceFhir.Service.Ndjson;
using Hl7.Fhir.Model;

namespace AllianceFhir.Service.Tests.Ndjson;

public class ResourceLineParserTests
{
    private readonly ResourceLineParser _parser = new(new HashSet<string> { "QuestionnaireResponse", "Observation" });

    [Fact]
    public void Parse_WhenResourceTypeIsNotFirst_ThenStillFindsIt()
    {
        var parsed = _parser.Parse("""{"id":"x","status":"completed","resourceType":"QuestionnaireResponse"}""");

        Assert.Null(parsed.Error);
        Assert.Equal("x", Assert.IsType<QuestionnaireResponse>(parsed.Resource).Id);
    }

    [Fact]
    public void Parse_WhenTypeIsNotNeeded_ThenSkipsParsingButReportsTheType()
    {
        var parsed = _parser.Parse("""{"resourceType":"Patient","birthDate":"not-a-date"}""");

        Assert.Equal(("Patient", null, null), (parsed.ResourceType, parsed.Resource, parsed.Error));
    }

    [Theory]
    [InlineData("{\"resourceType\":\"Observation\"", "not valid JSON")]
    [InlineData("[1,2,3]", "not valid JSON")]
    [InlineData("{\"resourceType\":\"Observation\"} trailing", "not valid JSON")]
    [InlineData("{\"id\":\"x\"}", "no resourceType")]
    public void Parse_WhenLineIsNotAResource_ThenErrorSaysWhy(string line, string expected) =>
        Assert.Contains(expected, _parser.Parse(line).Error);

    [Fact]
    public void Parse_WhenResourceBreaksFhirRules_ThenIsRejectedNotRepaired()
    {
        var parsed = _parser.Parse("""{"resourceType":"QuestionnaireResponse","status":"done","unknownElement":1}""");

        Assert.Null(parsed.Resource);
        Assert.StartsWith("invalid QuestionnaireResponse", parsed.Error);
    }

    [Fact]
    public void Parse_WhenLineStartsWithByteOrderMark_ThenParsedWithAWarning()
    {
        var parsed = _parser.Parse("\uFEFF{\"resourceType\":\"QuestionnaireResponse\",\"id\":\"x\",\"status\":\"completed\"}");

        Assert.Null(parsed.Error);
        Assert.Equal("x", Assert.IsType<QuestionnaireResponse>(parsed.Resource).Id);
        Assert.Contains("byte-order mark", parsed.Warning);
    }
}
