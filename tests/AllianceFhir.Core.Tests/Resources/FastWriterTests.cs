using System.Buffers;
using System.Text;
using System.Text.Json;
using AllianceFhir.Core.Resources;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Tests.Support;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Core.Tests.Resources;

/// <summary>
/// Issue 12: the hot path's writers produce the same resources as today's builders. Every response of the bundled
/// cohort and every golden vector that scores is scored once; each score Observation and the response's Provenance is
/// built by the builder and written by the fast writer, both are parsed with Firely, and the two must be exactly equal.
/// </summary>
public class FastWriterTests
{
    private static readonly FhirJsonDeserializer Strict = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
    private static readonly FhirJsonSerializer Serializer = new();

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static T Written<T>(Action<Utf8JsonWriter> write) where T : Resource
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer)) write(json);
        return (T)Strict.DeserializeResource(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static void AssertSame(Resource built, Resource written, string name) =>
        Assert.True(built.IsExactly(written), $"{name}: the fast writer differs from the builder\nbuilder: {Serializer.SerializeToString(built)}\nwriter:  {Serializer.SerializeToString(written)}");

    [Fact]
    public void Write_WhenEveryScoredCohortAndGoldenResponse_ThenSameResourcesAsTheBuilders()
    {
        var scorer = new ResponseScorer(TestCatalogue.Instance, new FixedTime(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero)));
        var time = new FixedTime(new DateTimeOffset(2026, 12, 6, 9, 30, 15, 123, TimeSpan.Zero));
        var observations = 0;
        var prorated = 0;
        foreach (var (name, line) in ReaderFixtures.All())
        {
            QuestionnaireResponse response;
            try
            {
                response = (QuestionnaireResponse)Strict.DeserializeResource(line);
            }
            catch (Exception e) when (e is DeserializationFailedException or JsonException or InvalidCastException)
            {
                continue; // never scored: nothing written for it
            }
            var result = scorer.Score(response);
            if (result.IsRejected) continue;
            var reference = $"QuestionnaireResponse/{response.Id}";
            var targets = new List<string>();
            foreach (var score in result.Scores)
            {
                var built = ScoreObservationBuilder.Build(result, score, reference);
                AssertSame(built, Written<Observation>(w => ScoreObservationJson.Write(w, result, score, reference)), $"{name} {score.Scale.Key}");
                AssertSame(built, Written<Observation>(w => ScoreObservationJson.Write(w, result, score, reference, built.Id!)), $"{name} {score.Scale.Key} (id given)");
                targets.Add($"Observation/{built.Id}");
                observations++;
                if (score.Prorated) prorated++;
            }
            if (targets.Count == 0) continue;
            AssertSame(ProvenanceBuilder.Build(targets, reference, time), Written<Provenance>(w => ProvenanceJson.Write(w, targets, reference, time)), $"{name} Provenance");
        }
        Assert.True(observations > 3000, $"only {observations} score Observations compared");
        Assert.True(prorated > 0, "no prorated score compared: the extension and note were not checked");
    }
}
