using System.Text;
using AllianceFhir.Service.Ndjson;

namespace AllianceFhir.Service.Tests.Ndjson;

/// <summary>
/// Issue 12: the reader no longer decodes every line to text (the hot path reads the bytes); which lines it yields
/// and the text the strict path gets must be what they were.
/// </summary>
public class NdjsonLineReaderTests
{
    private static List<NdjsonLine> Read(byte[] bytes) => NdjsonLineReader.Read(new MemoryStream(bytes), "in.ndjson", 1 << 20).ToList();

    [Fact]
    public void Read_WhenLinesAreBlankOrUnicodeWhiteSpace_ThenOnlyTheOthersAreYieldedWithTheirNumbers()
    {
        var text = "{\"a\":1}\n\n   \t\r\n\u00A0\u3000\u2028\n\u000B\f\n{\"b\":2}\r\n\u0001\n";

        var lines = Read(Encoding.UTF8.GetBytes(text));

        // As string.IsNullOrWhiteSpace says: no-break space, ideographic space, line separator, vertical tab and form feed are white space; U+0001 is not.
        Assert.Equal([1L, 6L, 7L], lines.Select(l => l.LineNumber));
        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "\u0001"], lines.Select(l => l.Text));
    }

    [Fact]
    public void Read_WhenALineIsInvalidUtf8_ThenItsTextHasReplacementCharactersAndItsBytesAreKept()
    {
        byte[] bytes = [(byte)'{', 0xC3, 0x28, (byte)'}', (byte)'\n'];

        var line = Assert.Single(Read(bytes));

        Assert.Equal("{\uFFFD(}", line.Text);
        Assert.Equal(bytes[..4], line.Utf8.ToArray());
    }

    [Fact]
    public void Text_WhenGiven_ThenTheGivenTextNotTheBytes()
    {
        var line = new NdjsonLine("f", 1, "given", Utf8: Encoding.UTF8.GetBytes("bytes"));

        Assert.Equal("given", line.Text);
    }
}
