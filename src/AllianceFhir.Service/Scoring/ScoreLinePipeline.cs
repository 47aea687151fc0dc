using System.Threading.Channels;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Scoring.Input;
using AllianceFhir.Service.Ndjson;

namespace AllianceFhir.Service.Scoring;

/// <summary>
/// The parallel part of <c>score</c> (issue 12): lines go in batches through a bounded channel to workers that read
/// each with <see cref="ResponseInputReader"/>, hash it and score it (pure work, no shared state); the batches come
/// back in line order, so what depends on earlier lines (repeats, series, the files written) happens on one thread in
/// input order and the output is the same bytes whatever the number of workers (test: ScoreFastReaderTests). At most
/// <c>workers × 2</c> batches of <see cref="BatchSize"/> lines are held at once.
/// </summary>
internal static class ScoreLinePipeline
{
    /// <summary>Lines per batch: large enough that handing a batch over costs little beside scoring it.</summary>
    public const int BatchSize = 256;

    /// <summary>A line and, when the hot path read it, its model, content hash and score; else only the line (the strict path reads it).</summary>
    public readonly record struct Prepared(NdjsonLine Line, ResponseInput? Input, string? Hash, ScoringResult? Result);

    public static IEnumerable<Prepared> Run(IEnumerable<NdjsonLine> lines, InstrumentCatalogue catalogue, TimeProvider time, ScoreOptions options)
    {
        if (!options.FastReader) return lines.Select(l => new Prepared(l, null, null, null));
        var scorer = new ResponseScorer(catalogue, time);
        var workers = options.Workers == 0 ? Environment.ProcessorCount : options.Workers;
        return workers <= 1 ? lines.Select(l => Prepare(l, scorer)) : Parallel(lines, scorer, workers);
    }

    private static Prepared Prepare(NdjsonLine line, ResponseScorer scorer)
    {
        if (line.IsTooLarge || ResponseInputReader.TryRead(line.Utf8.Span) is not { } input) return new Prepared(line, null, null, null);
        return new Prepared(line, input, input.ContentHash(), scorer.Score(input));
    }

    private static Prepared[] Prepare(NdjsonLine[] batch, ResponseScorer scorer)
    {
        var prepared = new Prepared[batch.Length];
        for (var i = 0; i < batch.Length; i++) prepared[i] = Prepare(batch[i], scorer);
        return prepared;
    }

    private static IEnumerable<Prepared> Parallel(IEnumerable<NdjsonLine> lines, ResponseScorer scorer, int workers)
    {
        // Each batch is a task started as it is queued; the channel holds them in line order and bounds how many are in flight.
        var channel = Channel.CreateBounded<Task<Prepared[]>>(new BoundedChannelOptions(workers * 2) { SingleReader = true, SingleWriter = true });
        var stop = new CancellationTokenSource();
        var producer = Task.Run(async () =>
        {
            try
            {
                var batch = new List<NdjsonLine>(BatchSize);
                foreach (var line in lines)
                {
                    batch.Add(line);
                    if (batch.Count < BatchSize) continue;
                    var ready = batch.ToArray();
                    batch.Clear();
                    await channel.Writer.WriteAsync(Task.Run(() => Prepare(ready, scorer)), stop.Token);
                }
                if (batch.Count > 0)
                {
                    var last = batch.ToArray();
                    await channel.Writer.WriteAsync(Task.Run(() => Prepare(last, scorer)), stop.Token);
                }
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e); // a read error (I/O) reaches the consumer below, as it did when read inline
            }
        });
        try
        {
            while (channel.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                while (channel.Reader.TryRead(out var batch))
                    foreach (var prepared in batch.GetAwaiter().GetResult()) yield return prepared;
            producer.GetAwaiter().GetResult();
        }
        finally
        {
            stop.Cancel(); // the consumer stopped early (an error): the producer stops at its next batch
        }
    }
}
