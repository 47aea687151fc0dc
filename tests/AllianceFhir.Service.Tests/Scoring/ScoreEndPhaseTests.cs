using System.Buffers;
using System.Text;
using System.Text.Json;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.Service.Ndjson;
using AllianceFhir.Service.Scoring;
using AllianceFhir.Service.Tests.Support;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Time.Testing;

namespace AllianceFhir.Service.Tests.Scoring;

/// <summary>
/// Issue 12: score's end phase (trajectories, ruptures, paired outcomes and their alerts) is written without POCOs, on
/// all workers. Each of its lines in the bundled cohort's output must be the bytes Firely's serializer writes for the
/// same resource with the command's writer options, so the files are what they were when the builders' POCOs were
/// serialized (that the resources are the builders' is Core's EndPhaseWriterTests).
/// </summary>
public sealed class ScoreEndPhaseTests
{
    private static readonly FhirJsonDeserializer Strict = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
    private static readonly FhirJsonSerializer Serializer = new();

    private static string Firely(Resource resource)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, NdjsonResourceWriter.JsonOptions)) Serializer.Serialize(resource, json);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Theory]
    [InlineData(AlertChannel.Flag)]
    [InlineData(AlertChannel.Task)]
    [InlineData(AlertChannel.Communication)]
    public void Run_WhenTheCohortIsScored_ThenEveryEndPhaseLineIsWhatFirelyWritesForIt(AlertChannel channel)
    {
        using var folder = new TempFolder();
        var output = folder.Combine("out");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        var summary = new ScoreRunner(ProfileDirectory.LoadCatalogue(), time).Run(new ScoreOptions(RepositoryPaths.BundledCohort, output, Workers: 2, AlertChannel: channel));

        var endPhase = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(output, "Observation.ndjson")))
        {
            var observation = (Observation)Strict.DeserializeResource(line);
            var code = observation.Code.Coding[0].Code;
            if (code is not ("trajectory" or "alliance-rupture" or "nhs-tt-outcome")) continue;
            Assert.Equal(Firely(observation), line);
            endPhase[code] = endPhase.GetValueOrDefault(code) + 1;
        }
        var alerts = 0;
        foreach (var line in File.ReadLines(Path.Combine(output, $"{channel}.ndjson")))
        {
            Assert.Equal(Firely(Strict.DeserializeResource(line)), line);
            alerts++;
        }

        Assert.Equal(summary.Trajectories, endPhase.GetValueOrDefault("trajectory"));
        Assert.Equal(summary.Ruptures, endPhase.GetValueOrDefault("alliance-rupture"));
        Assert.Equal(summary.PairedOutcomes, endPhase.GetValueOrDefault("nhs-tt-outcome"));
        Assert.True(summary.Trajectories > 50 && summary.Ruptures > 0 && summary.PairedOutcomes > 0, "the cohort's end phase wrote too little to compare");
        Assert.Equal(summary.AlertsByReason.Values.Sum(), alerts);
        Assert.True(summary.AlertsByReason.GetValueOrDefault(AlertReasons.RuptureCode) > 0, "no rupture alert compared");
    }
}
