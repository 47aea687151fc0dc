using System.IO.Hashing;
using System.Text;
using System.Text.Json;

namespace AllianceFhir.Service.Scoring;

/// <summary>
/// Which of <c>K</c> partitions a line belongs to, by its patient: the <c>subject.reference</c> read from the line's
/// bytes (a <see cref="Utf8JsonReader"/> that skips everything else, no Firely), hashed with XxHash64 (stable across
/// processes and runs, unlike <see cref="string.GetHashCode()"/>) and mapped to a range of the hash space. Every line
/// of one patient (responses and EHR score Observations alike) lands in the same partition, so the series a partition
/// builds are whole. A line with no readable subject (invalid JSON, another resource type, no subject) goes where the
/// empty reference hashes to: its output does not depend on other patients' lines. What is matched across lines only
/// within a partition: a response id read twice (repeat or new version) is recognised when both lines name the same
/// patient, which a copy or a new version of one response does; one id under two patients is scored as two responses.
/// </summary>
internal static class PatientPartition
{
    /// <summary>The partition of <paramref name="line"/> among <paramref name="count"/>.</summary>
    public static int Of(ReadOnlySpan<byte> line, int count) => count <= 1 ? 0 : Range(Hash(line), count);

    /// <summary>Range partitioning: the high bits of hash × count, so partitions split the hash space evenly.</summary>
    private static int Range(ulong hash, int count) => (int)Math.BigMul(hash, (ulong)count, out _);

    private static ulong Hash(ReadOnlySpan<byte> line) =>
        XxHash64.HashToUInt64(SubjectReference(line.StartsWith("\uFEFF"u8) ? line[3..] : line)); // the strict parse reads past a byte-order mark too

    /// <summary>The unescaped UTF-8 of the top-level <c>subject.reference</c>, or empty when there is none or the JSON breaks.</summary>
    private static ReadOnlySpan<byte> SubjectReference(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isSubject = reader.ValueTextEquals("subject"u8);
                reader.Read();
                if (!isSubject || reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isReference = reader.ValueTextEquals("reference"u8);
                    reader.Read();
                    if (isReference && reader.TokenType == JsonTokenType.String)
                        return reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
                    reader.Skip();
                }
                return default;
            }
        }
        catch (JsonException)
        {
            // Not JSON: its output (an invalid-json issue) depends on no other line, any partition will do.
        }
        catch (InvalidOperationException)
        {
            // A string that is not valid UTF-8: likewise.
        }
        return default;
    }
}
