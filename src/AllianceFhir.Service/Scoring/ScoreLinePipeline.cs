using System.Runtime.CompilerServices;
using System.Text.Json;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Resources;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Scoring.Input;
using AllianceFhir.Service.Ndjson;

namespace AllianceFhir.Service.Scoring;

/// <summary>
/// The parallel part of <c>score</c> (issue 12): lines go in batches through a bounded channel to workers that do
/// everything that depends on the line alone: read it with <see cref="ResponseInputReader"/>, hash it for the repeat
/// check, score it, and render what it writes (its score Observations, safety alert and Provenance, as the ndjson
/// bytes <see cref="NdjsonResourceWriter"/> would write) into the batch's pooled buffer. The batches come back in line
/// order, so what depends on earlier lines (repeats, series, the files written) happens on one thread in input order
/// and the output is the same bytes whatever the number of workers (tests: ScoreFastReaderTests, ScorePartitionTests):
/// that thread only decides (a repeat, a later version) and copies the rendered bytes, or drops them when the line
/// turns out to be a repeat. At most <c>workers × 2</c> batches of <see cref="BatchSize"/> lines are held at once.
/// The methods every line or patient goes through (here, in ScoreRunner's ordered loop and the end phase, and in Core's
/// reader, scorer, series, trajectories, alerts and writers) are marked
/// <see cref="MethodImplOptions.AggressiveOptimization"/>: compiled optimized at once rather than tiered, because a
/// run of a few seconds otherwise spends its first second or more in unoptimized and instrumented code (issue 12: the
/// hot methods alone, about 5 % of a 200,000-line run; all of them, about a sixth of the bench's timed run, three
/// alternating runs each). They give up dynamic PGO, which measured no faster once warm. Iterators and generated
/// code cannot be marked, and the runtime's own methods still tier up (most of what is left of the first run's
/// extra time).
/// </summary>
internal static class ScoreLinePipeline
{
    /// <summary>Lines per batch: large enough that handing a batch over costs little beside scoring it.</summary>
    public const int BatchSize = 256;

    /// <summary>A batch's rendered output to start with (about 2.5 KB a line on the bench's input); it grows when needed.</summary>
    private const int BatchOutputBytes = 1 << 20;

    /// <summary>
    /// A line and, when the hot path read it, its model, repeat-check hash, score and rendered output; else only the
    /// line (the strict path reads it). <see cref="Output"/> is valid until the consumer asks for the next line.
    /// </summary>
    public readonly record struct Prepared(NdjsonLine Line, ResponseInput? Input, UInt128 Hash, ScoringResult? Result, Rendered? Output);

    /// <summary>
    /// What a scored line writes, rendered on a worker: the score Observations (one ndjson line each), the safety
    /// alert and the Provenance naming them, exactly as <see cref="ScoreRunner"/> writes them for the line's own
    /// outcome. <see cref="ObservationReferences"/> ("Observation/{id}" per score; null when the result is rejected)
    /// spare the consumer the ids' hashes.
    /// </summary>
    public sealed class Rendered(PooledByteBuffer buffer)
    {
        /// <summary>The score this was rendered from: the consumer copies it only for an outcome with this very result.</summary>
        public required ScoringResult Result { get; init; }
        /// <summary>"QuestionnaireResponse/{id}" of the line, as the Observations and the Provenance name it.</summary>
        public required string ResponseReference { get; init; }
        public string[]? ObservationReferences { get; init; }
        public int ObservationCount { get; init; }
        public (int Start, int Length) Observations { get; init; }
        public string? AlertType { get; init; }
        public string? AlertReason { get; init; }
        /// <summary><see cref="AlertPlanner.ForSafety"/> of <see cref="Result"/>: the alert written, or null for none.</summary>
        public AlertIntent? Safety { get; init; }
        public (int Start, int Length) Alert { get; init; }
        public (int Start, int Length) Provenance { get; init; }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public ReadOnlySpan<byte> Bytes((int Start, int Length) part) => buffer.Slice(part.Start, part.Length);
    }

    /// <summary>One batch on its way back: its lines, the buffer their output is rendered in and the one their bytes are held in.</summary>
    private sealed record Batch(Prepared[] Items, PooledByteBuffer Buffer, PooledByteBuffer LineBytes)
    {
        /// <summary>The consumer is done with the batch once it asks for the next line: both buffers go back to the pool.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Release()
        {
            Buffer.Dispose();
            LineBytes.Dispose();
        }
    }

    /// <summary>A batch's lines, their bytes copied from the reader's transient lines into one pooled buffer.</summary>
    private sealed record LineBatch(NdjsonLine[] Lines, PooledByteBuffer Bytes);

    /// <summary>A batch's line bytes to start with (about 2 KB a line on the bench's input); it grows when needed.</summary>
    private const int BatchLineBytes = 1 << 19;

    public static IEnumerable<Prepared> Run(IEnumerable<NdjsonLine> lines, InstrumentCatalogue catalogue, TimeProvider time, ScoreOptions options)
    {
        if (!options.FastReader) return lines.Select(l => new Prepared(l, null, default, null, null));
        var scorer = new ResponseScorer(catalogue, time);
        var workers = options.Workers == 0 ? Environment.ProcessorCount : options.Workers;
        return workers <= 1 ? Serial(lines, scorer, time, options) : Parallel(lines, scorer, time, options, workers);
    }

    /// <summary>Per worker thread: the JSON writer, reused batch after batch.</summary>
    private sealed class Scratch
    {
        public readonly Utf8JsonWriter Output = new(Stream.Null, NdjsonResourceWriter.JsonOptions);
        /// <summary>The line's Provenance targets, emptied for each line.</summary>
        public readonly List<string> Targets = new(4);
    }

    [ThreadStatic]
    private static Scratch? _scratch;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Batch Prepare(LineBatch batch, ResponseScorer scorer, TimeProvider time, ScoreOptions options)
    {
        var scratch = _scratch ??= new Scratch();
        var buffer = new PooledByteBuffer(BatchOutputBytes);
        var lines = batch.Lines;
        var prepared = new Prepared[lines.Length];
        for (var i = 0; i < lines.Length; i++) prepared[i] = Prepare(lines[i], scorer, time, options, scratch, buffer);
        return new Batch(prepared, buffer, batch.Bytes);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Prepared Prepare(NdjsonLine line, ResponseScorer scorer, TimeProvider time, ScoreOptions options, Scratch scratch, PooledByteBuffer buffer)
    {
        if (line.IsTooLarge || ResponseInputReader.TryRead(line.Utf8.Span) is not { } input) return new Prepared(line, null, default, null, null);
        var result = scorer.Score(input);
        // The repeat check's hash: equal exactly when ContentHash's bytes (everything but id and meta) are. Only
        // compared within one run, never stored, so a fast non-cryptographic hash does (issue 12).
        return new Prepared(line, input, input.RepeatHash(), result, Render(result, time, options, scratch, buffer));
    }

    /// <summary>The line's own outcome as ScoreRunner writes it: score Observations, the safety alert, the Provenance.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Rendered Render(ScoringResult result, TimeProvider time, ScoreOptions options, Scratch scratch, PooledByteBuffer buffer)
    {
        var json = scratch.Output;
        var reference = $"QuestionnaireResponse/{result.ResponseId}";
        var targets = scratch.Targets;
        targets.Clear();
        string[]? references = null;
        var observations = (buffer.WrittenCount, 0);
        if (!result.IsRejected)
        {
            references = new string[result.Scores.Count];
            for (var i = 0; i < references.Length; i++)
            {
                var score = result.Scores[i];
                var target = ScoreObservationBuilder.ReferenceFor(reference, score);
                json.Reset(buffer);
                ScoreObservationJson.Write(json, result, score, reference, target.AsSpan("Observation/".Length));
                EndLine(json, buffer);
                references[i] = target;
                targets.Add(target);
            }
            observations = (observations.Item1, buffer.WrittenCount - observations.Item1);
        }
        string? alertType = null, alertReason = null;
        var alert = (0, 0);
        var safety = AlertPlanner.ForSafety(result, reference);
        if (safety is { } intent)
        {
            var start = buffer.WrittenCount;
            json.Reset(buffer);
            var id = AlertResourceJson.Write(json, intent, options.AlertChannel); // the builder's resource (test: EndPhaseWriterTests)
            EndLine(json, buffer);
            alert = (start, buffer.WrittenCount - start);
            alertType = AlertResourceJson.TypeName(options.AlertChannel);
            alertReason = intent.ReasonCode;
            targets.Add($"{alertType}/{id}");
        }
        var provenance = (0, 0);
        if (options.WriteProvenance && targets.Count > 0)
        {
            var start = buffer.WrittenCount;
            json.Reset(buffer);
            ProvenanceJson.Write(json, targets, reference, time);
            EndLine(json, buffer);
            provenance = (start, buffer.WrittenCount - start);
        }
        return new Rendered(buffer)
        {
            Result = result,
            ResponseReference = reference,
            ObservationReferences = references,
            ObservationCount = references?.Length ?? 0,
            Observations = observations,
            AlertType = alertType,
            AlertReason = alertReason,
            Safety = safety,
            Alert = alert,
            Provenance = provenance,
        };
    }

    private static void EndLine(Utf8JsonWriter json, PooledByteBuffer buffer)
    {
        json.Flush();
        buffer.Write((byte)'\n');
    }

    /// <summary>
    /// The lines in batches. The reader's lines are transient (their bytes valid until the next line is read): each
    /// line's bytes are copied into the batch's pooled buffer, one rented buffer a batch rather than an array a line
    /// (issue 12). A line's memory is taken once the batch is full, when the buffer no longer grows.
    /// </summary>
    private static IEnumerable<LineBatch> Batches(IEnumerable<NdjsonLine> lines)
    {
        var batch = new List<NdjsonLine>(BatchSize);
        var starts = new int[BatchSize];
        var bytes = new PooledByteBuffer(BatchLineBytes);
        foreach (var line in lines)
        {
            starts[batch.Count] = bytes.WrittenCount;
            var span = line.Utf8.Span;
            span.CopyTo(bytes.GetSpan(span.Length));
            bytes.Advance(span.Length);
            batch.Add(line);
            if (batch.Count < BatchSize) continue;
            yield return Complete(batch, starts, bytes);
            batch.Clear();
            bytes = new PooledByteBuffer(BatchLineBytes);
        }
        if (batch.Count > 0) yield return Complete(batch, starts, bytes);
        else bytes.Dispose();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static LineBatch Complete(List<NdjsonLine> batch, int[] starts, PooledByteBuffer bytes)
    {
        var lines = new NdjsonLine[batch.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            var line = batch[i];
            lines[i] = line.Utf8.IsEmpty ? line : line with { Utf8 = bytes.Memory(starts[i], line.Utf8.Length) };
        }
        return new LineBatch(lines, bytes);
    }

    private static IEnumerable<Prepared> Serial(IEnumerable<NdjsonLine> lines, ResponseScorer scorer, TimeProvider time, ScoreOptions options)
    {
        foreach (var lineBatch in Batches(lines))
        {
            var batch = Prepare(lineBatch, scorer, time, options);
            foreach (var prepared in batch.Items) yield return prepared;
            batch.Release(); // the consumer is done with the batch's output and lines once it asks for the next line
        }
    }

    private static IEnumerable<Prepared> Parallel(IEnumerable<NdjsonLine> lines, ResponseScorer scorer, TimeProvider time, ScoreOptions options, int workers)
    {
        // A reader thread cuts the lines into batches and queues each to the worker threads and, in line order, to a
        // bounded queue (at most workers × 2 batches in flight). The consumer takes them in order; a batch no worker has
        // started yet it prepares itself, rather than wait. No wait spins (issue 12: on two cores, a consumer spinning on
        // the next batch, and idle pool threads spinning for work, took the CPU the workers needed), hence threads of
        // their own rather than the thread pool's.
        var queue = new Queue<BatchWork>();
        var todo = new Queue<BatchWork>();
        var todoClosed = false;
        for (var i = 0; i < workers; i++)
            new Thread(() =>
            {
                while (true)
                {
                    BatchWork next;
                    lock (todo)
                    {
                        while (todo.Count == 0 && !todoClosed) Monitor.Wait(todo);
                        if (todo.Count == 0) return;
                        next = todo.Dequeue();
                    }
                    next.Execute();
                }
            }) { IsBackground = true, Name = "score worker" }.Start();
        var capacity = workers * 2;
        bool completed = false, stopped = false;
        Exception? readError = null;
        var reader = new Thread(() =>
        {
            try
            {
                foreach (var lineBatch in Batches(lines))
                {
                    var work = new BatchWork(() => Prepare(lineBatch, scorer, time, options));
                    lock (queue)
                    {
                        while (queue.Count >= capacity && !stopped) Monitor.Wait(queue);
                        if (stopped) return;
                        queue.Enqueue(work);
                        Monitor.PulseAll(queue);
                    }
                    lock (todo)
                    {
                        todo.Enqueue(work);
                        Monitor.Pulse(todo);
                    }
                }
            }
            catch (Exception e)
            {
                readError = e; // a read error (I/O) reaches the consumer below after the lines read before it, as it did when read inline
            }
            finally
            {
                lock (queue)
                {
                    completed = true;
                    Monitor.PulseAll(queue);
                }
                lock (todo)
                {
                    todoClosed = true; // the workers end once what is queued is done
                    Monitor.PulseAll(todo);
                }
            }
        }) { IsBackground = true, Name = "score reader" };
        reader.Start();
        try
        {
            while (true)
            {
                BatchWork work;
                lock (queue)
                {
                    while (queue.Count == 0 && !completed) Monitor.Wait(queue);
                    if (queue.Count == 0) break;
                    work = queue.Dequeue();
                    Monitor.PulseAll(queue);
                }
                var batch = work.Take();
                foreach (var prepared in batch.Items) yield return prepared;
                batch.Release(); // the consumer is done with the batch's output and lines once it asks for the next line
            }
            if (readError is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(readError);
        }
        finally
        {
            lock (queue)
            {
                stopped = true; // the consumer stopped early (an error): the reader stops at its next batch
                Monitor.PulseAll(queue);
            }
            lock (todo)
            {
                todo.Clear(); // and the workers at theirs (a normal end finds the queue empty)
                todoClosed = true;
                Monitor.PulseAll(todo);
            }
        }
    }

    /// <summary>
    /// One batch's preparation, run once by whoever claims it first: a worker thread, or the consumer when it needs the
    /// batch before any worker has started it. Waiting for a batch another thread is preparing blocks, never spins.
    /// </summary>
    private sealed class BatchWork(Func<Batch> prepare)
    {
        private readonly ManualResetEventSlim _done = new(false, spinCount: 0);
        private int _claimed;
        private Batch? _batch;
        private Exception? _error;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute()
        {
            if (Interlocked.Exchange(ref _claimed, 1) == 0) Run();
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public Batch Take()
        {
            if (Interlocked.Exchange(ref _claimed, 1) == 0) Run();
            else _done.Wait();
            if (_error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_error);
            return _batch!;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Run()
        {
            try
            {
                _batch = prepare();
            }
            catch (Exception e)
            {
                _error = e;
            }
            finally
            {
                _done.Set();
            }
        }
    }
}
