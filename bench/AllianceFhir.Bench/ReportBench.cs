using System.Diagnostics;
using System.Globalization;
using AllianceFhir.Core.Reports;
using AllianceFhir.Core.Trajectories;
using AllianceFhir.Ehr.Clinical;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.Service.Nightly;
using AllianceFhir.Reports;
using AllianceFhir.Service.Reports;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Bench;

/// <summary>
/// A month's report over 100,000 synthetic patients (score points generated in memory with a fixed seed, outside the
/// timing): computing it (per-patient facts through Core's trajectory, paired-outcome and rupture code, strata,
/// correlations, suppression) and rendering every output (HTML with charts, CSV, JSON, summary and subject-list
/// MeasureReports serialized). Target: report_s ≤ 30.
/// </summary>
public static class ReportBench
{
    private static readonly string[] Clinics = ["Organization/clinic-north", "Organization/clinic-south", "Organization/clinic-digital", "Organization/clinic-east"];
    private static readonly string[] Programmes = ["youth", "adult-iapt", "long-term-conditions"];
    private static readonly string[] Modes = ["face-to-face", "digital", "blended"];

    /// <summary>The line: the report over 100,000 patients, then 1,000 patient-view calls with 10,000 patients in the store.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        Run(args, out var patients, out var seconds);
        var cdsP95 = await CdsBench.MeasureP95Async(patients: 10_000, calls: 1_000);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"report-bench: patients={patients} report_s={seconds:0.00} cds_p95_ms={cdsP95:0.0}"));
        return 0;
    }

    private static void Run(string[] args, out int patients, out double seconds)
    {
        patients = args.Length == 2 && args[0] == "--patients" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var engine = new EngineContext(ProfileDirectory.LoadCatalogue(), new TrajectorySettings());
        var period = new ReportPeriod(2026, 10);
        var data = Generate(patients, period);
        Console.WriteLine($"input: {patients} patients, {data.Points.Count} score points (generated, not timed)");

        // Warm-up on a slice, so JIT is not in the timing.
        Render(ReportService.Compute(engine, period, new ReportData(data.Points.Take(5_000).ToList(), data.Patients), new ReportSettings(), DateTimeOffset.UtcNow));
        GC.Collect();

        var clock = Stopwatch.StartNew();
        var result = ReportService.Compute(engine, period, data, new ReportSettings(), DateTimeOffset.UtcNow);
        var computeSeconds = clock.Elapsed.TotalSeconds;
        var bytes = Render(result);
        seconds = clock.Elapsed.TotalSeconds;
        var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;

        Console.WriteLine($"compute: {computeSeconds:0.00} s ({result.Report.Overall.Active} active patients, coverage {result.Table.Row(Indicators.Coverage).Rate}%); " +
                          $"render: {seconds - computeSeconds:0.00} s ({bytes / 1e6:0.0} MB of HTML, CSV, JSON and MeasureReports); peak working set {peakMb:0} MB");
    }

    private static long Render(ReportResult result)
    {
        long bytes = ReportHtml.Render(result.Table, result.Generated).Length;
        using (var w = new StringWriter()) { ReportCsv.WriteIndicators(result.Table, w); bytes += w.GetStringBuilder().Length; }
        using (var w = new StringWriter()) { ReportCsv.WriteAssociations(result.Table, w); bytes += w.GetStringBuilder().Length; }
        bytes += ReportJson.Serialize(result.Table, result.Generated).Length;
        var serializer = new FhirJsonSerializer();
        foreach (var r in MeasureReportBuilder.Summaries(result.Table, result.Generated).Concat(MeasureReportBuilder.SubjectLists(result.Table, result.Report, result.Generated)))
            bytes += serializer.SerializeToString(r).Length;
        return bytes;
    }

    /// <summary>
    /// Each patient: 2–14 weekly sessions ending between June and the report month, PHQ-9 and GAD-7 at each, an alliance
    /// measure (SRS or WAI-SR) at about 70% of sessions, drifting scores with occasional drops; demographics at random.
    /// </summary>
    private static ReportData Generate(int count, ReportPeriod period)
    {
        var random = new Random(20261001);
        var points = new List<(SeriesKey, ScorePoint)>(count * 20);
        var demographics = new Dictionary<string, ReportPatient>(count, StringComparer.Ordinal);
        for (var p = 0; p < count; p++)
        {
            var patient = $"Patient/bench-{p:D6}";
            demographics[patient] = new ReportPatient(patient, new DateOnly(1950 + random.Next(62), 1 + random.Next(12), 1 + random.Next(28)),
                Clinics[random.Next(Clinics.Length)], $"Practitioner/bench-{random.Next(60):D2}", Programmes[random.Next(Programmes.Length)], Modes[random.Next(Modes.Length)]);
            var sessions = 2 + random.Next(13);
            var last = period.End.AddDays(-1 - random.Next(140)).AddHours(10);
            var start = last.AddDays(-7 * (sessions - 1));
            decimal phq = 8 + random.Next(18), gad = 6 + random.Next(15);
            var srs = random.Next(2) == 0;
            decimal alliance = srs ? 30 + random.Next(11) : 35 + random.Next(25);
            for (var s = 0; s < sessions; s++)
            {
                var when = start.AddDays(7 * s);
                Add(points, patient, "phq-9", when, phq, $"{p}-{s}-phq");
                Add(points, patient, "gad-7", when, gad, $"{p}-{s}-gad");
                if (random.NextDouble() < 0.7)
                    Add(points, patient, srs ? "srs" : "wai-sr", when, alliance, $"{p}-{s}-alliance");
                phq = Math.Clamp(phq - random.Next(-1, 3), 0, 27);
                gad = Math.Clamp(gad - random.Next(-1, 3), 0, 21);
                alliance = srs ? Math.Clamp(alliance + random.Next(-3, 3), 0, 40) : Math.Clamp(alliance + random.Next(-4, 4), 12, 60);
            }
        }
        return new ReportData(points, demographics);
    }

    private static void Add(List<(SeriesKey, ScorePoint)> points, string patient, string instrument, DateTimeOffset when, decimal value, string id) =>
        points.Add((new SeriesKey(patient, instrument, "total"), new ScorePoint(when, value, $"Observation/bench-{id}", null, ScoredHere: false)));
}
