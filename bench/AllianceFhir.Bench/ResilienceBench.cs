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
            if (Stage(args) == "kills")
            {
                // The kill stage alone, with its own uninterrupted reference: its part of the line only.
                var kcohort = Path.Combine(work.FullName, "cohort");
                CohortGenerator.WriteNdjson(new CohortOptions(Patients: patients), kcohort);
                var (k, kref) = await RunKillsAsync(work.FullName, kcohort, patients, kills, seed);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"resilience-kills: kills={k.Kills} identical={(k.Snapshot.IdenticalTo(kref.Snapshot) && k.MaxResumeSeconds <= 60 ? "true" : "false")} resume_s_max={k.MaxResumeSeconds:0.0} postgres_restart_resume_s={(k.PostgresResumeSeconds is { } pr ? pr.ToString("0.0", CultureInfo.InvariantCulture) : "none")}"));
                return 0;
            }
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

            var (killed, killReference) = await RunKillsAsync(work.FullName, cohort, patients, kills, seed);
            var identical = killed.Snapshot.IdenticalTo(killReference.Snapshot) && killed.MaxResumeSeconds <= 60;

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

    /// <summary>
    /// An uninterrupted run on the kill stage's own configuration is the reference. Its length decides the kill stage's
    /// cohort: the killed run must outlast <paramref name="kills"/> kill-and-resume cycles (each up to ~45 s: a restart,
    /// a random 0.5–6 s of work, and up to the 30 s invisibility timeout), or a fast machine finishes the run after two
    /// kills. When the reference is shorter than 1.2 × kills × 45 s, the cohort grows in proportion and the reference is
    /// run again on it.
    /// </summary>
    private static async Task<(KillStage.Result Killed, KillStage.Result Reference)> RunKillsAsync(string work, string cohort, int patients, int kills, int seed)
    {
        var needed = 1.2 * kills * KillCycleSeconds;
        var reference = await KillStage.RunAsync(cohort, 0, seed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kill stage reference: uninterrupted run of {patients} patients in {reference.RunSeconds:0} s (PostgreSQL, Hangfire PostgreSQL, batches of 4); EHR: {reference.Snapshot.Describe()}"));
        for (var round = 0; round < 3 && reference.RunSeconds < needed; round++)
        {
            patients = (int)Math.Ceiling(patients * Math.Min(20, needed / Math.Max(1, reference.RunSeconds)));
            cohort = Path.Combine(work, $"kill-cohort-{patients}");
            var written = CohortGenerator.WriteNdjson(new CohortOptions(Patients: patients), cohort);
            reference = await KillStage.RunAsync(cohort, 0, seed);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kill stage reference: {needed:0} s of run needed for {kills} kills; {patients} patients ({written.QuestionnaireResponses} responses) uninterrupted in {reference.RunSeconds:0} s; EHR: {reference.Snapshot.Describe()}"));
        }
        var killed = await KillStage.RunAsync(cohort, kills, seed);
        Console.WriteLine($"kills: {killed.Kills} SIGKILLs{(killed.PostgresRestarted ? " and a PostgreSQL restart" : " (no PostgreSQL restart: the run completed first)")}, slowest resume {killed.MaxResumeSeconds:0.0} s; EHR: {killed.Snapshot.Describe()}; " +
            $"{(killed.Snapshot.IdenticalTo(reference.Snapshot) ? "identical to" : "differs from")} the uninterrupted run on the same cohort and configuration ({killed.RunSeconds:0} s against {reference.RunSeconds:0} s); " +
            $"serve exited {killed.ExitsAfterPostgresRestart} time(s) while PostgreSQL was down");
        return (killed, reference);
    }

    /// <summary>One kill-and-resume cycle at most: restart, the random moment, and the 30 s invisibility timeout.</summary>
    private const double KillCycleSeconds = 45;

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
