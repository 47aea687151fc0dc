using System.Diagnostics;
using System.Globalization;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.Samples;
using AllianceFhir.Service.Ndjson;
using AllianceFhir.Service.Scoring;

namespace AllianceFhir.Bench;

/// <summary>
/// Scores ≥ 200,000 QuestionnaireResponses from ndjson and compares, in the same run:
/// the limit (reading the same bytes and splitting lines, no parsing) and a peer (Firely's strict
/// deserializer on the same lines, no scoring: what any Firely-based scorer pays at least).
/// </summary>
public static class ScoreBench
{
    public static int Run(string[] args)
    {
        var target = args.Length == 2 && args[0] == "--responses" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
        var work = Directory.CreateTempSubdirectory("alliancefhir-bench-");
        try
        {
            var input = Path.Combine(work.FullName, "QuestionnaireResponse.ndjson");
            // The bundled cohort averages ~33 responses per patient; add a margin so the target is always reached.
            var patients = (int)Math.Ceiling(target / 32.0);
            long lines;
            using (var writer = new StreamWriter(input) { NewLine = "\n" })
                lines = CohortGenerator.WriteQuestionnaireResponses(new CohortOptions(Patients: patients), writer);
            var bytes = new FileInfo(input).Length;
            Console.WriteLine($"input: {lines} lines, {bytes / 1e6:0.0} MB, {patients} patients");

            // 1. The service's own run, first, so the process's peak memory is the scorer's.
            var catalogue = ProfileDirectory.LoadCatalogue();
            var runner = new ScoreRunner(catalogue, TimeProvider.System);
            Warm(runner, input, work.FullName);
            GC.Collect();
            var clock = Stopwatch.StartNew();
            var summary = runner.Run(new ScoreOptions(input, Path.Combine(work.FullName, "out")));
            var scoreSeconds = clock.Elapsed.TotalSeconds;
            var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;
            var qrPerSecond = summary.ResponsesRead / scoreSeconds;
            Console.WriteLine($"score: {summary.ResponsesRead} responses ({summary.ResponsesScored} scored) in {scoreSeconds:0.00} s = {qrPerSecond:0} /s, peak working set {peakMb:0} MB");

            // 2. The limit: read the bytes and split lines; nothing can score faster than this.
            clock.Restart();
            var limitLines = CountLines(input);
            var limitPerSecond = limitLines / clock.Elapsed.TotalSeconds;
            Console.WriteLine($"limit (read + split lines): {limitPerSecond:0} lines/s ({bytes / 1e6 / clock.Elapsed.TotalSeconds:0} MB/s)");

            // 3. The peer: strict Firely parsing of every response, no scoring and no output.
            var parser = new ResourceLineParser(new HashSet<string> { "QuestionnaireResponse" });
            clock.Restart();
            long parsed = 0;
            foreach (var line in new NdjsonSource(input).ReadLines())
                if (parser.Parse(line.Text).Resource is not null) parsed++;
            var peerPerSecond = parsed / clock.Elapsed.TotalSeconds;
            Console.WriteLine($"peer (Firely strict parse only): {peerPerSecond:0} /s");

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"score-bench: responses={summary.ResponsesRead} qr_per_s={qrPerSecond:0} vs_limit={qrPerSecond / limitPerSecond:0.000} vs_peer={qrPerSecond / peerPerSecond:0.00} peak_mb={peakMb:0}"));
            return summary.ResponsesRead >= target ? 0 : 1;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>JIT and caches warmed on a small slice, so the measured run is steady-state.</summary>
    private static void Warm(ScoreRunner runner, string input, string work)
    {
        var slice = Path.Combine(work, "warm.ndjson");
        File.WriteAllLines(slice, File.ReadLines(input).Take(5_000));
        runner.Run(new ScoreOptions(slice, Path.Combine(work, "warm-out")));
        File.Delete(slice);
    }

    private static long CountLines(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        long count = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0) count += buffer.AsSpan(0, read).Count((byte)'\n');
        return count;
    }
}
