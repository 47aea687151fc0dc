using AllianceFhir.Core.Trajectories;
using Dapper;

namespace AllianceFhir.State;

/// <summary>Every patient's score history, so a batch computes trajectories and ruptures without re-reading the EHR.</summary>
public sealed class ScorePointStore(StateDatabase db)
{
    public async Task AddAsync(IEnumerable<(SeriesKey Key, ScorePoint Point)> points, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await InsertAsync(c, tx, points, ct);
        await tx.CommitAsync(ct);
    }

    private static async Task InsertAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, IEnumerable<(SeriesKey Key, ScorePoint Point)> points, CancellationToken ct)
    {
        foreach (var (key, p) in points)
            await c.ExecuteAsync(new CommandDefinition(
                """
                insert into score_points (patient, instrument, scale, source_reference, authored, value, response_id, scored_here, prorated)
                values (@patient, @instrument, @scale, @source, @authored, @value, @responseId, @scoredHere, @prorated)
                on conflict (patient, instrument, scale, source_reference) do update set authored = excluded.authored, value = excluded.value
                """,
                new
                {
                    patient = key.PatientReference, instrument = key.InstrumentId, scale = key.ScaleKey, source = p.SourceReference,
                    authored = StateTime.Format(p.When), value = p.Value, responseId = p.ResponseId,
                    scoredHere = p.ScoredHere ? 1 : 0, prorated = p.Prorated ? 1 : 0,
                }, tx, cancellationToken: ct));
    }

    /// <summary>
    /// Replaces the history of changed inputs rather than appending to it: every point of the responses in
    /// <paramref name="responseIds"/> (amended or retracted) and of the EHR Observations in <paramref name="sources"/>
    /// (entered-in-error) goes, then <paramref name="points"/> (the amended responses' new scores) are added, in one transaction.
    /// </summary>
    public async Task ReplaceAsync(IReadOnlyCollection<string> responseIds, IReadOnlyCollection<string> sources,
        IEnumerable<(SeriesKey Key, ScorePoint Point)> points, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var chunk in responseIds.Chunk(500))
            await c.ExecuteAsync(new CommandDefinition(
                $"delete from score_points where scored_here = 1 and {db.In("response_id", "chunk")}", new { chunk }, tx, cancellationToken: ct));
        foreach (var chunk in sources.Chunk(500))
            await c.ExecuteAsync(new CommandDefinition(
                $"delete from score_points where scored_here = 0 and {db.In("source_reference", "chunk")}", new { chunk }, tx, cancellationToken: ct));
        await InsertAsync(c, tx, points, ct);
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<(SeriesKey Key, ScorePoint Point)>> ForPatientsAsync(IReadOnlyCollection<string> patients, CancellationToken ct)
    {
        var result = new List<(SeriesKey, ScorePoint)>();
        await using var c = await db.OpenAsync(ct);
        foreach (var chunk in patients.Chunk(500))
            result.AddRange((await c.QueryAsync<Row>(new CommandDefinition(
                $"{SelectPoints} where {db.In("patient", "chunk")}", new { chunk }, cancellationToken: ct))).Select(ToPoint));
        return result;
    }

    /// <summary>Every score point authored before <paramref name="end"/>: a report's input.</summary>
    public async Task<IReadOnlyList<(SeriesKey Key, ScorePoint Point)>> AuthoredBeforeAsync(DateTimeOffset end, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"{SelectPoints} where authored < @end", new { end = StateTime.Format(end) }, cancellationToken: ct));
        return rows.Select(ToPoint).ToList();
    }

    private const string SelectPoints =
        """
        select patient as Patient, instrument as Instrument, scale as Scale, source_reference as Source, authored as Authored,
               cast(value as text) as Value, response_id as ResponseId, scored_here as ScoredHere, prorated as Prorated
        from score_points
        """;

    private static (SeriesKey, ScorePoint) ToPoint(Row r) => (new SeriesKey(r.Patient, r.Instrument, r.Scale),
        new ScorePoint(StateTime.Parse(r.Authored), decimal.Parse(r.Value, System.Globalization.CultureInfo.InvariantCulture), r.Source, r.ResponseId, r.ScoredHere != 0, r.Prorated != 0));

    private sealed class Row
    {
        public string Patient { get; init; } = "";
        public string Instrument { get; init; } = "";
        public string Scale { get; init; } = "";
        public string Source { get; init; } = "";
        public string Authored { get; init; } = "";
        /// <summary>As text: SQLite returns a numeric column as integer or real row by row, which Dapper cannot bind to one type.</summary>
        public string Value { get; init; } = "";
        public string? ResponseId { get; init; }
        public long ScoredHere { get; init; }
        public long Prorated { get; init; }
    }
}
