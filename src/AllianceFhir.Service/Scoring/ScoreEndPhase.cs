using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Pipeline;
using AllianceFhir.Core.Resources;
using AllianceFhir.Service.Ndjson;

namespace AllianceFhir.Service.Scoring;

/// <summary>
/// The end of <c>score</c> (issue 12): once every line is read, each patient's trajectories, ruptures, alerts and paired
/// outcome, evaluated on all workers and written with the fast writers (no POCO), in patient order. Patients are
/// independent: a chunk of them is cut into contiguous slices, each slice evaluated and serialized into its own buffer
/// on a worker, then the buffers go to the files slice by slice. The same bytes as <see cref="ScoringRun.Complete"/>
/// through the builders, for any number of workers.
/// </summary>
internal static class ScoreEndPhase
{
    /// <summary>Patients per chunk: a chunk's output (a few KB per patient) is what is held before it is written.</summary>
    private const int ChunkPatients = 1024;

    /// <summary>Slices per worker in a chunk, so a slow slice (a patient with a long course) does not hold the others up.</summary>
    private const int SlicesPerWorker = 4;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Write(ScoringRun run, ScoreOptions options, NdjsonResourceWriter writer, ScoreSummary summary)
    {
        var patients = run.Patients();
        if (patients.Count == 0) return;
        var workers = options.Workers == 0 ? Environment.ProcessorCount : options.Workers;
        var slices = new Slice[workers == 1 ? 1 : workers * SlicesPerWorker];
        for (var i = 0; i < slices.Length; i++) slices[i] = new Slice(options.AlertChannel);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = workers };
        try
        {
            for (var chunk = 0; chunk < patients.Count; chunk += ChunkPatients)
            {
                var end = Math.Min(patients.Count, chunk + ChunkPatients);
                var per = (end - chunk + slices.Length - 1) / slices.Length;
                var from = chunk;
                if (slices.Length == 1) slices[0].Fill(run, patients, from, end);
                else
                    try
                    {
                        Parallel.For(0, slices.Length, parallel, s => slices[s].Fill(run, patients, Math.Min(end, from + s * per), Math.Min(end, from + (s + 1) * per)));
                    }
                    catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
                    {
                        ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                    }
                foreach (var slice in slices) slice.Drain(writer, summary);
            }
        }
        finally
        {
            foreach (var slice in slices) slice.Dispose();
        }
    }

    /// <summary>A contiguous run of patients: their resources serialized into one buffer, and what the summary counts.</summary>
    private sealed class Slice(AlertChannel channel) : IDisposable
    {
        /// <summary>
        /// The slice's output, on rented arrays (issue 12: an ArrayBufferWriter grown by doubling left the eight slices'
        /// outgrown arrays, about 15 MB a run on the bench, as large-object garbage; rented, they go back to the pool).
        /// </summary>
        private readonly PooledByteBuffer _buffer = new(1 << 16);
        private readonly Utf8JsonWriter _json = new(Stream.Null, NdjsonResourceWriter.JsonOptions);
        private readonly List<(string Type, int Length)> _resources = [];
        private readonly List<PatientEvaluation> _patients = [];
        private readonly string _alertType = AlertResourceJson.TypeName(channel);
        private int _mark;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Fill(ScoringRun run, IReadOnlyList<PatientSeries> patients, int from, int to)
        {
            _buffer.Clear();
            _mark = 0;
            _resources.Clear();
            _patients.Clear();
            for (var p = from; p < to; p++)
            {
                var patient = run.Evaluate(patients[p]);
                _patients.Add(patient);
                // The order ScoreRunner wrote the builders' resources in: per series its trajectory, its ruptures, its
                // alerts; then the paired outcome.
                foreach (var series in patient.Series)
                {
                    if (series.Trajectory is { } trajectory) Add("Observation", TrajectoryObservationJson.Write(Start(), trajectory));
                    foreach (var episode in series.Ruptures)
                        Add("Observation", RuptureObservationJson.Write(Start(), series.Key, series.Instrument, series.Scale, episode, series.Points));
                    foreach (var alert in series.Alerts) Add(_alertType, AlertResourceJson.Write(Start(), alert, channel));
                }
                if (patient.Paired is { } paired) Add("Observation", PairedOutcomeObservationJson.Write(Start(), paired));
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private Utf8JsonWriter Start()
        {
            _json.Reset(_buffer);
            return _json;
        }

        /// <summary>The resource just written (its id unused here) is the buffer's bytes since the previous one.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Add(string type, string _)
        {
            _json.Flush();
            _resources.Add((type, _buffer.WrittenCount - _mark));
            _mark = _buffer.WrittenCount;
        }

        /// <summary>The slice's resources to their files and its counts to the summary, in patient order; then empty.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Drain(NdjsonResourceWriter writer, ScoreSummary summary)
        {
            var written = _buffer.WrittenSpan;
            var at = 0;
            foreach (var (type, length) in _resources)
            {
                writer.WriteRaw(type, written.Slice(at, length));
                at += length;
            }
            foreach (var patient in _patients)
            {
                foreach (var series in patient.Series)
                {
                    if (series.Trajectory is not null) summary.Trajectories++;
                    summary.Ruptures += series.Ruptures.Count;
                    foreach (var episode in series.Ruptures)
                        if (episode.Repaired) summary.RupturesRepaired++;
                    foreach (var alert in series.Alerts)
                        summary.AlertsByReason[alert.ReasonCode] = summary.AlertsByReason.GetValueOrDefault(alert.ReasonCode) + 1;
                }
                if (patient.Paired is { } paired)
                {
                    summary.PairedOutcomes++;
                    if (paired.Recovery == true) summary.Recovered++;
                    if (paired.ReliableImprovement) summary.ReliablyImproved++;
                }
            }
            _resources.Clear();
            _patients.Clear();
            _buffer.Clear();
            _mark = 0;
        }

        public void Dispose()
        {
            _json.Dispose();
            _buffer.Dispose();
        }
    }
}
