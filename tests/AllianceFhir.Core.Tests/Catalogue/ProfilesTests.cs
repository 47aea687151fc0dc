using System.Text.Json.Nodes;
using AllianceFhir.Core.Catalogue;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;

namespace AllianceFhir.Core.Tests.Catalogue;

public class ProfilesTests
{
    public static TheoryData<string> Files() => new(ProfileFiles.All().Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Files))]
    public void ProfileFile_WhenParsedStrictly_ThenIsValidR4AndNamedAfterItsTypeAndId(string fileName)
    {
        var resource = ProfileFiles.Read(Path.Combine(ProfileFiles.Folder, fileName));

        Assert.Equal($"{resource.TypeName}-{resource.Id}.json", fileName);
        Assert.Empty(resource.Validate());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void ProfileFile_WhenCanonical_ThenUrlIsUnderProjectBaseAndMatchesId(string fileName)
    {
        var json = ProfileFiles.Json(fileName);
        var url = json["url"]?.GetValue<string>();
        Assert.Equal($"{CanonicalUrls.Base}/{json["resourceType"]}/{json["id"]}", url);
    }

    [Fact]
    public void Catalogue_WhenLoaded_ThenHoldsTheAdultAndYoungPeoplesInstruments()
    {
        var ids = ProfileFiles.Catalogue.Instruments.Select(i => i.Id).Order(StringComparer.Ordinal);
        Assert.Equal(["cors", "csrs", "d-wai", "gad-7", "phq-9", "phq-a", "rcads-25", "rcads-p-25", "sai", "srs", "wai-sr", "yp-core"], ids);
    }

    [Fact]
    public void EveryAnswerOption_WhenInAnyQuestionnaire_ThenCarriesTheSameOrdinalOnOptionAndCoding()
    {
        // LHC-Forms computes SDC totals only when both carry ordinalValue (DESIGN.md, known quirks).
        foreach (var q in ProfileFiles.Questionnaires())
            foreach (var item in Flatten(q.Item))
                foreach (var option in item.AnswerOption)
                {
                    var onOption = option.GetExtensionValue<FhirDecimal>(CanonicalUrls.OrdinalValue)?.Value;
                    var onCoding = ((Coding)option.Value).GetExtensionValue<FhirDecimal>(CanonicalUrls.OrdinalValue)?.Value;
                    Assert.True(onOption is not null && onOption == onCoding, $"{q.Id} item {item.LinkId} answer {((Coding)option.Value).Code}");
                }
    }

    [Fact]
    public void EveryProjectExtension_WhenUsedInAProfile_ThenHasItsStructureDefinition()
    {
        var defined = ProfileFiles.All().Where(f => Path.GetFileName(f).StartsWith("StructureDefinition-", StringComparison.Ordinal))
            .Select(f => ProfileFiles.Json(Path.GetFileName(f))["url"]!.GetValue<string>()).ToHashSet();
        var used = ProfileFiles.All().SelectMany(f => ExtensionUrls(JsonNode.Parse(File.ReadAllText(f))!))
            .Where(u => u.StartsWith(CanonicalUrls.Base, StringComparison.Ordinal)).ToHashSet();

        Assert.NotEmpty(used);
        Assert.Empty(used.Except(defined));
    }

    [Fact]
    public void PublishedThresholds_WhenReadFromProfiles_ThenEachNamesItsSource()
    {
        foreach (var instrument in ProfileFiles.Catalogue.Instruments)
        {
            Assert.All(instrument.Cutoffs, c => Assert.False(string.IsNullOrWhiteSpace(c.Source), $"{instrument.Id} cutoff {c.Kind}"));
            Assert.All(instrument.ReliableChange, r => Assert.False(string.IsNullOrWhiteSpace(r.Source), $"{instrument.Id} reliable change"));
            Assert.All(instrument.RuptureRules, r => Assert.False(string.IsNullOrWhiteSpace(r.Source), $"{instrument.Id} {r.Name}"));
        }
    }

    [Fact]
    public void LicensedInstruments_WhenShipped_ThenCarryOnlyPlaceholderText()
    {
        var licensed = ProfileFiles.Catalogue.Instruments.Where(i => i.LicensedText).Select(i => i.Id).ToList();
        Assert.Equal(["cors", "csrs", "d-wai", "phq-a", "rcads-25", "rcads-p-25", "sai", "srs", "wai-sr", "yp-core"],
            licensed.Order(StringComparer.Ordinal));
        foreach (var q in ProfileFiles.Questionnaires().Where(q => licensed.Contains(q.Id!)))
        {
            foreach (var item in Flatten(q.Item).Where(i => i.LinkId != "total"))
                Assert.Matches(@"^(WAI-SR|SRS|SAI|D-WAI|PHQ-A|RCADS-25|RCADS-P-25|YP-CORE|CORS|CSRS) item \d+( \([a-z0-9 -]+\))?$", item.Text);
            // Licensed answer labels are placeholders; the PHQ-A reuses the PHQ-9's public LOINC answer lists (docs/domain.md §2).
            foreach (var coding in Flatten(q.Item).SelectMany(i => i.AnswerOption).Select(o => (Coding)o.Value))
                Assert.True(coding.System == "http://loinc.org" && q.Id == "phq-a" || System.Text.RegularExpressions.Regex.IsMatch(coding.Display ?? "", @"^Rating \d+$"),
                    $"{q.Id} answer {coding.Code} '{coding.Display}'");
        }
    }

    [Fact]
    public void TotalItems_WhenInEveryQuestionnaire_ThenAreReadOnlyWithAnSdcCalculatedExpression()
    {
        foreach (var q in ProfileFiles.Questionnaires())
        {
            var total = Flatten(q.Item).Single(i => i.LinkId == "total");
            Assert.True(total.ReadOnly, q.Id);
            var expression = total.GetExtensionValue<Expression>(CanonicalUrls.CalculatedExpression);
            Assert.Equal("text/fhirpath", expression?.Language);
            Assert.False(string.IsNullOrWhiteSpace(expression?.Expression_), q.Id);
        }
    }

    internal static IEnumerable<Questionnaire.ItemComponent> Flatten(IEnumerable<Questionnaire.ItemComponent> items) =>
        items.SelectMany(i => Flatten(i.Item).Prepend(i));

    /// <summary>The url of every element of every "extension" array, at any depth.</summary>
    private static IEnumerable<string> ExtensionUrls(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Value is null ? []
            : p.Key == "extension" && p.Value is JsonArray extensions
                ? extensions.OfType<JsonObject>().Select(e => e["url"]!.GetValue<string>()).Concat(ExtensionUrls(p.Value))
                : ExtensionUrls(p.Value)),
        JsonArray a => a.SelectMany(x => x is null ? [] : ExtensionUrls(x)),
        _ => [],
    };
}
