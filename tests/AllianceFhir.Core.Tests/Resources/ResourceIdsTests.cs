using System.Security.Cryptography;
using System.Text;
using AllianceFhir.Core.Resources;

namespace AllianceFhir.Core.Tests.Resources;

/// <summary>
/// Issue 12 made <see cref="ResourceIds.For"/> encode straight into one buffer: the ids must stay the ones already
/// written to EHRs (an id that changed would write every score again), so they are checked against the definition
/// (SHA-256 of the parts' UTF-8 joined by U+001F) and against an id pinned before the change.
/// </summary>
public class ResourceIdsTests
{
    private static string Defined(params string[] parts) =>
        "af-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))), 0, 16);

    public static TheoryData<string[]> Parts() => new()
    {
        new[] { "score", "QuestionnaireResponse/qr-pat-0000001-phq-9-01", "total" },
        new[] { "provenance", "Observation/af-0123", "Flag/af-4567" },
        new[] { "single" },
        new[] { "", "", "" },
        new[] { "non-ASCII: Pátient ü 日本 😀", "x" },
        new[] { new string('a', 600), "long enough for the pooled buffer" },
        new[] { "trajectory", new string('é', 300), "phq-9", "total" },
    };

    [Theory]
    [MemberData(nameof(Parts))]
    public void For_WhenAnyParts_ThenTheSha256OfTheJoinedParts(string[] parts)
    {
        Assert.Equal(Defined(parts), ResourceIds.For(parts));
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void ReferenceFor_WhenAnyParts_ThenTheTypeASlashAndTheDefinedId(string[] parts)
    {
        Assert.Equal("Observation/" + Defined(parts), ResourceIds.ReferenceFor("Observation", parts));
    }

    [Fact]
    public void ReferenceFor_WhenATypeLongerThanTheStackPart_ThenTheWholeTypeKept()
    {
        var type = new string('T', 100);
        Assert.Equal(type + "/" + Defined("x", "y"), ResourceIds.ReferenceFor(type, "x", "y"));
    }

    [Fact]
    public void For_WhenAScoreId_ThenTheIdWrittenBeforeIssue12()
    {
        // Pinned: SHA-256 of "score\u001fQuestionnaireResponse/qr-1\u001ftotal" computed outside .NET.
        Assert.Equal("af-1ef32260aee0aceb3cf254c1be3679d0", ResourceIds.For("score", "QuestionnaireResponse/qr-1", "total"));
    }
}
