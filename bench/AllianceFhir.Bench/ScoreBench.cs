using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.Samples;
using AllianceFhir.Service.Scoring;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Bench;

/// <summary>
/// Issue 12's score bench. On the same input in the same run (≥ 200,000 PHQ-9 / GAD-7 responses on LOINC's forms as
/// LHC-Forms writes them, ten per patient): <c>score</c>; the floor (System.Text.Json parse of each line, add up, one
/// Observation written with Utf8JsonWriter); the peer (Firely's FhirJsonDeserializer into a QuestionnaireResponse,
/// FHIRPath <c>item.answer.value.code</c> to add up, one Observation POCO serialized per response).
/// <c>vs_floor</c> = score time / floor time; <c>vs_peer</c> = score time / peer time (lower is better).
/// </summary>
public static class ScoreBench
{
    /// <summary>LOINC frequency answers (LL358-3) and their ordinal: what the floor and the peer add up.</summary>
    private static readonly Dictionary<string, int> Ordinals = new(StringComparer.Ordinal)
    {
        ["LA6568-5"] = 0, ["LA6569-3"] = 1, ["LA6570-1"] = 2, ["LA6571-9"] = 3, ["LA18938-3"] = 2,
    };

    public static int Run(string[] args)
    {
        var target = Option(args, "--responses") ?? 200_000;
        var memoryPatients = Option(args, "--memory-patients");
        var memoryMb = Option(args, "--memory-mb") ?? ScoreOptions.DefaultMemoryMb;
        if (Option(args, "--memory-only") is { } only) return MemoryRun(only, memoryMb);
        if (TextOption(args, "--timed-input") is { } timedInput) return ScoreChild.TimedRun(timedInput, TextOption(args, "--warm-input")!, memoryMb);

        var work = Directory.CreateTempSubdirectory("alliancefhir-bench-");
        try
        {
            var input = Path.Combine(work.FullName, "QuestionnaireResponse.ndjson");
            var patients = (target + LoincFormResponses.PerPatient - 1) / LoincFormResponses.PerPatient;
            long lines;
            using (var writer = new StreamWriter(input) { NewLine = "\n" })
                lines = LoincFormResponses.Write(patients, writer);
            var bytes = new FileInfo(input).Length;
            Console.WriteLine($"input: {lines} PHQ-9/GAD-7 responses on LOINC's forms (LHC-Forms shape), {bytes / 1e6:0.0} MB, {patients} patients, {LoincFormResponses.PerPatient} each");

            // 1. score, in a process of its own with the product's JIT settings (ScoreChild), after a warm-up of 5,000 lines.
            var slice = Slice(input, work.FullName);
            var jit = string.Join(' ', ScoreChild.ProductJitSettings().Select(s => $"{s.Variable}={s.Value}"));
            var timed = ScoreChild.Timed.Parse(ScoreChild.Run("--timed-input", input, "--warm-input", slice, "--memory-mb", memoryMb.ToString(CultureInfo.InvariantCulture)));
            var scoreSeconds = timed.Seconds;
            var peakMb = timed.PeakMb;
            Console.WriteLine($"score: {timed.Read} responses ({timed.Scored} scored) in {scoreSeconds:0.00} s = {timed.Read / scoreSeconds:0} /s, peak working set {peakMb:0} MB (a process of its own with the product's JIT settings: {(jit.Length == 0 ? "the runtime's defaults" : jit)})");

            // The same in this process, with the runtime's defaults (informational: how the bench measured score before).
            var runner = new ScoreRunner(ProfileDirectory.LoadCatalogue(), TimeProvider.System);
            runner.Run(new ScoreOptions(slice, Path.Combine(work.FullName, "warm-out"), MemoryMb: memoryMb));
            GC.Collect();
            var clock = Stopwatch.StartNew();
            runner.Run(new ScoreOptions(input, Path.Combine(work.FullName, "out-defaults"), MemoryMb: memoryMb));
            var defaultsSeconds = clock.Elapsed.TotalSeconds;
            Directory.Delete(Path.Combine(work.FullName, "out-defaults"), recursive: true);

            // 2. The floor.
            Floor(slice, Path.Combine(work.FullName, "warm-floor.ndjson"));
            clock.Restart();
            var floorCount = Floor(input, Path.Combine(work.FullName, "floor.ndjson"));
            var floorSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"floor (System.Text.Json parse, add up, one Observation with Utf8JsonWriter): {floorCount} in {floorSeconds:0.00} s = {floorCount / floorSeconds:0} /s");

            // 3. The peer.
            Peer(slice, Path.Combine(work.FullName, "warm-peer.ndjson"));
            clock.Restart();
            var peerCount = Peer(input, Path.Combine(work.FullName, "peer.ndjson"));
            var peerSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"peer (Firely FhirJsonDeserializer, FHIRPath item.answer.value.code, one Observation POCO serialized): {peerCount} in {peerSeconds:0.00} s = {peerCount / peerSeconds:0} /s");

            // Each once more on the whole input, now that all three have run on it (informational: the line the issue
            // defines is the one below, after a warm-up of 5,000 lines each; a re-scoring of years of history runs for
            // minutes, where what the JIT and the heap cost at the start no longer counts).
            clock.Restart();
            Floor(input, Path.Combine(work.FullName, "floor-again.ndjson"));
            var floorAgain = clock.Elapsed.TotalSeconds;
            clock.Restart();
            Peer(input, Path.Combine(work.FullName, "peer-again.ndjson"));
            var peerAgain = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"second run of each on the whole input: score {timed.AgainSeconds:0.00} s, floor {floorAgain:0.00} s, peer {peerAgain:0.00} s: vs_floor={timed.AgainSeconds / floorAgain:0.00} vs_peer={timed.AgainSeconds / peerAgain:0.00}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"score in the bench's own process with the runtime's defaults (as this bench measured it before), after the same warm-up: {defaultsSeconds:0.00} s: vs_floor={defaultsSeconds / floorSeconds:0.00} vs_peer={defaultsSeconds / peerSeconds:0.00}"));

            if (memoryPatients is { } mp) MemoryFigure(mp, memoryMb);
            else Console.WriteLine("memory at 1,000,000 patients: not measured in this run (add --memory-patients 1000000; it runs in a child process)");

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"score-bench: responses={timed.Read} qr_per_s={timed.Read / scoreSeconds:0} vs_floor={scoreSeconds / floorSeconds:0.00} vs_peer={scoreSeconds / peerSeconds:0.00} peak_mb={peakMb:0} cores={Environment.ProcessorCount}"));
            return timed.Read >= target && floorCount == lines && peerCount == lines ? 0 : 1;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The memory figure in a child process of its own (a process's peak working set only grows): <c>score</c> over
    /// <paramref name="patients"/> × 10 responses, printed with what was run.
    /// </summary>
    private static void MemoryFigure(int patients, int memoryMb) =>
        Console.Write(ScoreChild.Run("--memory-only", patients.ToString(CultureInfo.InvariantCulture), "--memory-mb", memoryMb.ToString(CultureInfo.InvariantCulture)));

    private static int MemoryRun(int patients, int memoryMb)
    {
        var work = Directory.CreateTempSubdirectory("alliancefhir-bench-memory-");
        try
        {
            var input = Path.Combine(work.FullName, "QuestionnaireResponse.ndjson");
            long lines;
            using (var writer = new StreamWriter(input) { NewLine = "\n" })
                lines = LoincFormResponses.Write(patients, writer);
            var baseline = Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;
            var runner = new ScoreRunner(ProfileDirectory.LoadCatalogue(), TimeProvider.System);
            var clock = Stopwatch.StartNew();
            var summary = runner.Run(new ScoreOptions(input, Path.Combine(work.FullName, "out"), MemoryMb: memoryMb));
            var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;
            var bytes = new FileInfo(input).Length;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"memory at {patients:N0} patients: {summary.ResponsesRead:N0} responses ({bytes / 1e6:0} MB, {ScoreRunner.PartitionCount(bytes, memoryMb)} partitions at --memory-mb {memoryMb}) scored in {clock.Elapsed.TotalSeconds:0} s, peak working set {peakMb:0} MB (generator before it: {baseline:0} MB)"));
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The floor: each line parsed with System.Text.Json, the answers added up, one Observation written.</summary>
    private static long Floor(string input, string output)
    {
        using var stream = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var outStream = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var buffer = new ArrayBufferWriter<byte>(4096);
        using var json = new Utf8JsonWriter(buffer);
        var chunk = new byte[1 << 20];
        int held = 0, read;
        long count = 0;
        while ((read = stream.Read(chunk, held, chunk.Length - held)) > 0)
        {
            var span = chunk.AsSpan(0, held + read);
            int end;
            while ((end = span.IndexOf((byte)'\n')) >= 0)
            {
                if (end > 0) { FloorLine(span[..end], buffer, json, outStream); count++; }
                span = span[(end + 1)..];
            }
            span.CopyTo(chunk);
            held = span.Length;
        }
        if (held > 0) { FloorLine(chunk.AsSpan(0, held), buffer, json, outStream); count++; }
        return count;
    }

    private static void FloorLine(ReadOnlySpan<byte> line, ArrayBufferWriter<byte> buffer, Utf8JsonWriter json, Stream output)
    {
        var reader = new Utf8JsonReader(line);
        string? id = null, subject = null, authored = null, questionnaire = null;
        var total = 0;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName) continue;
            if (reader.CurrentDepth == 1)
            {
                if (reader.ValueTextEquals("id"u8)) { reader.Read(); id = reader.GetString(); }
                else if (reader.ValueTextEquals("authored"u8)) { reader.Read(); authored = reader.GetString(); }
                else if (reader.ValueTextEquals("questionnaire"u8)) { reader.Read(); questionnaire = reader.GetString(); }
                else if (reader.ValueTextEquals("reference"u8)) { reader.Read(); subject ??= reader.GetString(); }
            }
            else if (reader.CurrentDepth == 2 && reader.ValueTextEquals("reference"u8)) { reader.Read(); subject ??= reader.GetString(); }
            else if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                if (Ordinals.TryGetValue(reader.GetString()!, out var ordinal)) total += ordinal;
            }
        }
        var phq9 = questionnaire?.EndsWith("44249-1", StringComparison.Ordinal) == true;
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        json.WriteStartObject();
        json.WriteString("resourceType"u8, "Observation"u8);
        json.WriteString("id"u8, "score-" + id);
        json.WriteString("status"u8, "final"u8);
        json.WriteStartArray("category"u8);
        json.WriteStartObject();
        json.WriteStartArray("coding"u8);
        json.WriteStartObject();
        json.WriteString("system"u8, "http://terminology.hl7.org/CodeSystem/observation-category"u8);
        json.WriteString("code"u8, "survey"u8);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("code"u8);
        json.WriteStartArray("coding"u8);
        json.WriteStartObject();
        json.WriteString("system"u8, "http://loinc.org"u8);
        json.WriteString("code"u8, phq9 ? "44261-6"u8 : "70274-6"u8);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartObject("subject"u8);
        json.WriteString("reference"u8, subject);
        json.WriteEndObject();
        json.WriteString("effectiveDateTime"u8, authored);
        json.WriteNumber("valueInteger"u8, total);
        json.WriteStartArray("derivedFrom"u8);
        json.WriteStartObject();
        json.WriteString("reference"u8, "QuestionnaireResponse/" + id);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.Write(buffer.WrittenSpan);
        output.WriteByte((byte)'\n');
    }

    /// <summary>The peer: what a .NET team would write with the Firely SDK.</summary>
    private static long Peer(string input, string output)
    {
        var deserializer = new FhirJsonDeserializer();
        var serializer = new FhirJsonSerializer();
        using var writer = new StreamWriter(output) { NewLine = "\n" };
        long count = 0;
        foreach (var line in File.ReadLines(input))
        {
            if (line.Length == 0) continue;
            var response = deserializer.Deserialize<QuestionnaireResponse>(line);
            var total = 0;
            foreach (var code in response.Select("item.answer.value.code"))
                if (code is Code c && c.Value is { } value && Ordinals.TryGetValue(value, out var ordinal)) total += ordinal;
            var phq9 = response.Questionnaire?.EndsWith("44249-1", StringComparison.Ordinal) == true;
            var observation = new Observation
            {
                Id = "score-" + response.Id,
                Status = ObservationStatus.Final,
                Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "survey")],
                Code = new CodeableConcept("http://loinc.org", phq9 ? "44261-6" : "70274-6"),
                Subject = new ResourceReference(response.Subject?.Reference),
                Effective = new FhirDateTime(response.Authored),
                Value = new Integer(total),
                DerivedFrom = [new ResourceReference("QuestionnaireResponse/" + response.Id)],
            };
            writer.WriteLine(serializer.SerializeToString(observation));
            count++;
        }
        return count;
    }

    private static string Slice(string input, string work)
    {
        var slice = Path.Combine(work, "warm.ndjson");
        File.WriteAllLines(slice, File.ReadLines(input).Take(5_000));
        return slice;
    }

    private static string? TextOption(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static int? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : null;
    }
}
