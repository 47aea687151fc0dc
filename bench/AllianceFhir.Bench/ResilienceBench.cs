using System.Diagnostics;
using System.Globalization;
using AllianceFhir.Bench.Resilience;
using AllianceFhir.FhirServer;
using AllianceFhir.Samples;

namespace AllianceFhir.Bench;

/// <summary>
/// The nightly pipeline under faults: SIGKILLs of `serve` on the production configuration (and a PostgreSQL restart),
/// 20% failed EHR requests (at random, and every 5th on a schedule), and bad input of many kinds through `score`.
/// Each EHR end state is compared with an uninterrupted run's on the same cohort. Ends with one line:
/// <c>resilience: kills=K identical=.. faults_pct=P processed_pct=X duplicates=D bad_inputs=B crashes=C lost=L</c>.
/// </summary>
public static class ResilienceBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var patients = Option(args, "--patients", 60);
        var kills = Option(args, "--kills", 10);
        var seed = Option(args, "--seed", 20261206);
        var clock = Stopwatch.StartNew();
        var work = Directory.CreateTempSubdirectory("alliancefhir-resilience-");
        try
        {
            if (args.Contains("--bad-input-only") || Stage(args) == "bad-input")
            {
                // The bad-input stage alone (a minute or two, its own test FHIR server, no PostgreSQL): its part of the line only.
                var only = await BadInputStage.RunAsync(work.FullName);
                PrintBadInput(only);
                Console.WriteLine($"resilience-bad-input: bad_inputs={only.Kinds} crashes={only.Crashes} lost={only.Lost + only.Invented}");
                return 0;
            }
            var cohort = Path.Combine(work.FullName, "cohort");
            var written = CohortGenerator.WriteNdjson(new CohortOptions(Patients: patients), cohort);
            Console.WriteLine($"cohort: {patients} patients, {written.QuestionnaireResponses} QuestionnaireResponses, {written.Observations} Observations");

            var reference = await FaultStage.RunAsync(cohort, FhirServerOptions.Default, forceLedger: false, work.FullName);
            Console.WriteLine($"uninterrupted run: {reference.Snapshot.Describe()} ({reference.Seconds:0} s)");

            // 20% by construction: one request in every 5 fails, at a random place in its block (the test server's --fault-rate).
            var random = await FaultStage.RunAsync(cohort, FhirServerOptions.Default with { FaultRate = 20, FaultSeed = seed, FaultKinds = FaultStage.Kinds, FaultHangMilliseconds = 45_000 }, forceLedger: false, work.FullName);
            Report("faults at random (20%, conditional create)", random, reference.Snapshot);
            var schedule = await FaultStage.RunAsync(cohort, FhirServerOptions.Default with { FailEvery = 5, FaultKinds = FaultStage.Kinds, FaultHangMilliseconds = 45_000 }, forceLedger: true, work.FullName);
            Report("faults every 5th request (ledger + search, plain creates)", schedule, reference.Snapshot);
            // Of every EHR request the service sent in the two runs (retries included), the share that failed.
            var faultsPct = 100.0 * (random.Injected + schedule.Injected) / (random.Requests + schedule.Requests);
            var processedPct = Math.Min(Processed(random.Snapshot, reference.Snapshot), Processed(schedule.Snapshot, reference.Snapshot));
            var duplicates = random.Snapshot.Duplicates + schedule.Snapshot.Duplicates;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"faults in all: {random.Injected + schedule.Injected} of {random.Requests + schedule.Requests} EHR requests failed ({faultsPct:0.0}%)"));

            var killed = await KillStage.RunAsync(cohort, kills, seed);
            var identical = killed.Snapshot.IdenticalTo(reference.Snapshot) && killed.MaxResumeSeconds <= 60;
            Console.WriteLine($"kills: {killed.Kills} SIGKILLs{(killed.PostgresRestarted ? " and a PostgreSQL restart" : " (no PostgreSQL restart: the run completed first)")}, slowest resume {killed.MaxResumeSeconds:0.0} s; EHR: {killed.Snapshot.Describe()}; " +
                $"{(killed.Snapshot.IdenticalTo(reference.Snapshot) ? "identical to" : "differs from")} the uninterrupted run ({killed.Seconds:0} s); " +
                $"serve exited {killed.ExitsAfterPostgresRestart} time(s) while PostgreSQL was down");

            var bad = await BadInputStage.RunAsync(work.FullName);
            PrintBadInput(bad);

            Console.WriteLine($"total {clock.Elapsed.TotalMinutes:0.0} min");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"resume_s_max={killed.MaxResumeSeconds:0.0} resume_s=[{string.Join(' ', killed.ResumeSeconds.Select(r => r.ToString("0.0", CultureInfo.InvariantCulture)))}] postgres_restart_resume_s={(killed.PostgresResumeSeconds is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) : "none")}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"resilience: kills={killed.Kills} identical={(identical ? "true" : "false")} faults_pct={faultsPct:0} processed_pct={processedPct:0.#} duplicates={duplicates} bad_inputs={bad.Kinds} crashes={bad.Crashes} lost={bad.Lost + bad.Invented}"));
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static void PrintBadInput(BadInputStage.Result bad)
    {
        foreach (var p in bad.Paths)
            Console.WriteLine($"bad input through {p.Path}: {p.Kinds} kinds, {p.Crashes} crashes, {p.Lost} with something valid lost, {p.Invented} with a safety alert invented ({p.Seconds:0} s)");
        Console.WriteLine($"bad input: {bad.Kinds} kinds ({bad.Describe}), {bad.Crashes} crashes, {bad.Lost} lost, {bad.Invented} invented, peak working set {bad.PeakMb} MB ({bad.Seconds:0} s)");
        foreach (var u in bad.Unreported) Console.WriteLine($"  not as expected: {u}");
    }

    /// <summary><c>--stage bad-input</c>: run one stage alone.</summary>
    private static string? Stage(string[] args)
    {
        var i = Array.IndexOf(args, "--stage");
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>Share of the uninterrupted run's results that this run wrote and covered by a Provenance (a result without one is not done).</summary>
    private static double Processed(EhrSnapshot run, EhrSnapshot reference) =>
        100.0 * Math.Max(0, reference.Distinct - run.MissingAgainst(reference) - run.Uncovered) / Math.Max(1, reference.Distinct);

    private static void Report(string name, FaultStage.Result run, EhrSnapshot reference) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {run.Injected} of {run.Requests} requests failed ({100.0 * run.Injected / Math.Max(1, run.Requests):0.0}%); EHR: {run.Snapshot.Describe()}; missing {run.Snapshot.MissingAgainst(reference)}, duplicates {run.Snapshot.Duplicates}, without Provenance {run.Snapshot.Uncovered} ({run.Seconds:0} s)"));

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
