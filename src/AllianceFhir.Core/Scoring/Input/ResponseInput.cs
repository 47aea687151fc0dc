using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Scoring.Input;

/// <summary>
/// Core's own small model of a QuestionnaireResponse: what scoring, the safety read and the repeat check use, and
/// nothing else. Filled either by <see cref="ResponseInputReader"/> straight from JSON bytes (the hot path) or from a
/// Firely resource (<see cref="From"/>), so every path scores through the same code.
/// </summary>
public sealed record ResponseInput(
    string? Id,
    string? Questionnaire,
    string? Status,
    string? Subject,
    DateTimeOffset? Authored,
    string? Author,
    string? VersionId,
    DateTimeOffset? LastUpdated,
    IReadOnlyList<ItemInput> Items,
    string? Source = null)
{
    /// <summary>The response's meta as Firely's (for <see cref="Pipeline.ResponseVersions"/>); null when it has none.</summary>
    public Meta? Meta => VersionId is null && LastUpdated is null ? null : new Meta { VersionId = VersionId, LastUpdated = LastUpdated };

    /// <summary>
    /// A parsed resource as scoring reads it. <c>authored</c> is converted as the scorer always did (an invalid value
    /// that Firely's parser kept throws here as it did there).
    /// </summary>
    public static ResponseInput From(QuestionnaireResponse response) => new(
        response.Id,
        response.Questionnaire,
        ResponseEnvelope.StatusLiteral(response),
        response.Subject?.Reference,
        response.AuthoredElement?.ToDateTimeOffset(TimeSpan.Zero),
        response.Author?.Reference,
        response.Meta?.VersionId,
        response.Meta?.LastUpdated,
        ToItems(response.Item),
        response.Source?.Reference);

    private static List<ItemInput> ToItems(List<QuestionnaireResponse.ItemComponent> items) =>
        items.Select(i => new ItemInput(i.LinkId, i.Text, i.Answer.Select(a => new AnswerInput(AnswerValue.From(a.Value), ToItems(a.Item))).ToList(), ToItems(i.Item))).ToList();

    /// <summary>
    /// SHA-256 of everything but id and meta (as <see cref="WriteBack.ContentHash"/> leaves those out): two lines with
    /// the same hash say the same thing. Used for responses read by <see cref="ResponseInputReader"/>, which holds every
    /// element such a line can have. The bytes hashed are <see cref="WriteContent"/>'s (the score pipeline's repeat
    /// check uses <see cref="RepeatHash"/>, equal exactly when these bytes are: issue 12).
    /// </summary>
    public string ContentHash()
    {
        // One buffer and writer per thread, reused line after line (issue 12: no per-line allocation beside the hash).
        var (buffer, json) = _hashScratch ??= NewHashScratch();
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        WriteContent(json);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// The repeat check's hash (the score pipeline's, within one run, never stored): equal for two responses exactly
    /// when <see cref="WriteContent"/> writes the same bytes for them (up to XxHash128 collisions), without writing
    /// them (issue 12; <see cref="ContentRepeatHash"/>).
    /// </summary>
    public UInt128 RepeatHash() => ContentRepeatHash.Of(this);

    /// <summary>
    /// Everything but id and meta, as one JSON array (flushed): what <see cref="ContentHash"/> hashes. Two responses
    /// write the same bytes when they say the same thing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteContent(Utf8JsonWriter json)
    {
        json.WriteStartArray();
        json.WriteStringValue(Questionnaire);
        json.WriteStringValue(Status);
        json.WriteStringValue(Subject);
        if (Authored is { } authored)
        {
            // The round-trip ("O") format, written from the stack rather than as a string per line.
            Span<char> text = stackalloc char[40];
            authored.TryFormat(text, out var written, "O", System.Globalization.CultureInfo.InvariantCulture);
            json.WriteStringValue(text[..written]);
        }
        else json.WriteNullValue();
        json.WriteStringValue(Author);
        WriteItems(json, Items);
        json.WriteEndArray();
        json.Flush();
    }

    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Json)? _hashScratch;

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) NewHashScratch()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        return (buffer, new Utf8JsonWriter(buffer));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteItems(Utf8JsonWriter json, IReadOnlyList<ItemInput> items)
    {
        json.WriteStartArray();
        for (var i = 0; i < items.Count; i++) // indexed, not foreach: an IReadOnlyList's enumerator is boxed (issue 12: per item, per line)
        {
            var item = items[i];
            json.WriteStartArray();
            json.WriteStringValue(item.LinkId);
            json.WriteStringValue(item.Text);
            json.WriteStartArray();
            for (var a = 0; a < item.Answers.Count; a++)
            {
                var answer = item.Answers[a];
                json.WriteStartArray();
                if (answer.Value is { } v)
                {
                    json.WriteStringValue(v.TypeName);
                    json.WriteStringValue(v.System);
                    json.WriteStringValue(v.Code);
                    json.WriteStringValue(v.Display);
                    if (v.Number is { } n) json.WriteNumberValue(n); else json.WriteNullValue();
                    if (v.CarriedOrdinal is { } o) json.WriteNumberValue(o); else json.WriteNullValue();
                    json.WriteStringValue(v.Text);
                }
                WriteItems(json, answer.Items);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            WriteItems(json, item.Items);
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }
}
