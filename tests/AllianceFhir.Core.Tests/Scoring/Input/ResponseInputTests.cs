using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AllianceFhir.Core.Scoring.Input;
using AllianceFhir.Core.Tests.Support;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Core.Tests.Scoring.Input;

/// <summary>
/// Issue 12: the repeat check's hash (<see cref="ResponseInput.RepeatHash"/>) is equal exactly when
/// <see cref="ResponseInput.WriteContent"/> writes the same bytes, and the stored <see cref="ResponseInput.ContentHash"/>
/// is unchanged.
/// </summary>
public class ResponseInputTests
{
    private static readonly DateTimeOffset Authored = new(2026, 2, 27, 11, 2, 28, TimeSpan.Zero);

    private static ItemInput Coded(string linkId, string code, string? text = "Thoughts", string? system = "http://loinc.org", string? display = "Nearly every day") =>
        new(linkId, text, [new AnswerInput(new AnswerValue("Coding", system, code, display), [])], []);

    private static ItemInput Number(string linkId, decimal number, string type = "integer") =>
        new(linkId, null, [new AnswerInput(new AnswerValue(type, Number: number), [])], []);

    private static readonly ResponseInput Base = new("qr-1", "http://loinc.org/q/44249-1", "completed", "Patient/p1", Authored, "Practitioner/d1", "1",
        new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), [Coded("/44260-8", "LA6571-9"), Number("/44261-6", 3)]);

    /// <summary>Each differs from <see cref="Base"/> in one content field (everything but id and meta).</summary>
    public static TheoryData<string, ResponseInput> ContentChanges() => new()
    {
        { "questionnaire", Base with { Questionnaire = "http://loinc.org/q/69737-5" } },
        { "no questionnaire", Base with { Questionnaire = null } },
        { "status", Base with { Status = "amended" } },
        { "subject", Base with { Subject = "Patient/p2" } },
        { "authored", Base with { Authored = Authored.AddSeconds(1) } },
        { "authored offset", Base with { Authored = Authored.ToOffset(TimeSpan.FromHours(1)) } },
        { "no authored", Base with { Authored = null } },
        { "author", Base with { Author = "Practitioner/d2" } },
        { "linkId", Base with { Items = [Coded("/44260-9", "LA6571-9"), Number("/44261-6", 3)] } },
        { "text", Base with { Items = [Coded("/44260-8", "LA6571-9", text: "Thought"), Number("/44261-6", 3)] } },
        { "no text", Base with { Items = [Coded("/44260-8", "LA6571-9", text: null), Number("/44261-6", 3)] } },
        { "empty text", Base with { Items = [Coded("/44260-8", "LA6571-9", text: ""), Number("/44261-6", 3)] } },
        { "answer system", Base with { Items = [Coded("/44260-8", "LA6571-9", system: "http://snomed.info/sct"), Number("/44261-6", 3)] } },
        { "answer code", Base with { Items = [Coded("/44260-8", "LA6570-1"), Number("/44261-6", 3)] } },
        { "answer display", Base with { Items = [Coded("/44260-8", "LA6571-9", display: "Several days"), Number("/44261-6", 3)] } },
        { "answer number", Base with { Items = [Coded("/44260-8", "LA6571-9"), Number("/44261-6", 4)] } },
        { "answer number's scale", Base with { Items = [Coded("/44260-8", "LA6571-9"), Number("/44261-6", 3.0m)] } },
        { "answer type", Base with { Items = [Coded("/44260-8", "LA6571-9"), Number("/44261-6", 3, "decimal")] } },
        { "carried ordinal", Base with { Items = [new ItemInput("/44260-8", "Thoughts", [new AnswerInput(new AnswerValue("Coding", "http://loinc.org", "LA6571-9", "Nearly every day", CarriedOrdinal: 3), [])], []), Number("/44261-6", 3)] } },
        { "answer text", Base with { Items = [Coded("/44260-8", "LA6571-9"), new ItemInput("/44261-6", null, [new AnswerInput(new AnswerValue("string", Text: "3"), [])], [])] } },
        { "no answer value", Base with { Items = [Coded("/44260-8", "LA6571-9"), new ItemInput("/44261-6", null, [new AnswerInput(null, [])], [])] } },
        { "items swapped", Base with { Items = [Number("/44261-6", 3), Coded("/44260-8", "LA6571-9")] } },
        { "an item less", Base with { Items = [Coded("/44260-8", "LA6571-9")] } },
        { "nested under the item", Base with { Items = [new ItemInput("/44260-8", "Thoughts", Coded("/44260-8", "LA6571-9").Answers, [Number("/44261-6", 3)])] } },
        { "nested under the answer", Base with { Items = [new ItemInput("/44260-8", "Thoughts", [new AnswerInput(Coded("/44260-8", "LA6571-9").Answers[0].Value, [Number("/44261-6", 3)])], [])] } },
        // The linkId's end moved into the text: the same characters in all, other fields.
        { "field boundary", Base with { Items = [Coded("/44260-", "LA6571-9", text: "8Thoughts"), Number("/44261-6", 3)] } },
    };

    private static byte[] ContentBytes(ResponseInput input)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer);
        input.WriteContent(json);
        return buffer.WrittenSpan.ToArray();
    }

    [Theory]
    [MemberData(nameof(ContentChanges))]
    public void RepeatHash_WhenAContentFieldDiffers_ThenItDiffers(string change, ResponseInput changed)
    {
        Assert.False(ContentBytes(Base).AsSpan().SequenceEqual(ContentBytes(changed)), $"{change}: not a content change"); // the case itself is sound
        Assert.NotEqual(Base.RepeatHash(), changed.RepeatHash());
    }

    [Fact]
    public void RepeatHash_WhenOnlyIdAndMetaDiffer_ThenEqual()
    {
        var other = Base with { Id = "qr-2", VersionId = "7", LastUpdated = null, Items = [Coded("/44260-8", "LA6571-9"), Number("/44261-6", 3)] };

        Assert.Equal(Base.RepeatHash(), other.RepeatHash());
    }

    [Fact]
    public void RepeatHash_WhenComparedPairwise_ThenEqualExactlyWhenWriteContentWritesTheSameBytes()
    {
        var all = ContentChanges().Select(row => (ResponseInput)row[1])
            .Append(Base).Append(Base with { Id = "other" })
            .Append(Base with { Items = [Coded("/44260-8", "LA6571-9"), Number("/44261-6", 3.00m)] })
            .Append(Base with { Items = [Coded("/44260-8", "LA6571-9"), Number("/44261-6", -0.0m)] })
            .Append(Base with { Items = [Coded("/44260-8", "LA6571-9"), Number("/44261-6", 0.0m)] })
            .ToList();

        for (var i = 0; i < all.Count; i++)
            for (var j = 0; j < all.Count; j++)
                Assert.True(ContentBytes(all[i]).AsSpan().SequenceEqual(ContentBytes(all[j])) == (all[i].RepeatHash() == all[j].RepeatHash()), $"cases {i} and {j}");
    }

    [Fact]
    public void RepeatHash_WhenReadByTheHotPathOrFromFirelysResource_ThenTheSame()
    {
        // The hot path's items carry the hash the item cache kept; Firely's are hashed field by field.
        var strict = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
        var compared = 0;
        foreach (var (name, line) in ReaderFixtures.All().Take(300))
        {
            var read = ResponseInputReader.TryRead(Encoding.UTF8.GetBytes(line));
            if (read is null) continue;
            var again = ResponseInputReader.TryRead(Encoding.UTF8.GetBytes(line))!;
            var firely = ResponseInput.From(strict.Deserialize<QuestionnaireResponse>(line));
            Assert.True(firely.RepeatHash() == read.RepeatHash(), name);
            Assert.True(again.RepeatHash() == read.RepeatHash(), name);
            compared++;
        }
        Assert.True(compared > 250, $"only {compared} lines compared");
    }

    [Fact]
    public void ContentHash_WhenAResponseIsHashed_ThenTheSha256OfItsContentJsonAsBefore()
    {
        // The stored hash (the nightly job compares it across runs) must not move: written out by hand, as the JSON
        // writer escapes '+'.
        const string content = """["http://loinc.org/q/44249-1","completed","Patient/p1","2026-02-27T11:02:28.0000000\u002B00:00","Practitioner/d1",[["/44260-8","Thoughts",[["Coding","http://loinc.org","LA6571-9","Nearly every day",null,null,null,[]]],[]],["/44261-6",null,[["integer",null,null,null,3,null,null,[]]],[]]]]""";

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content))), Base.ContentHash());
    }
}
