using System.Globalization;
using AllianceFhir.Core.Trajectories;
using AllianceFhir.Service.State;
using Dapper;

namespace AllianceFhir.Service.Reports;

/// <summary>Every score point authored before a period's end, from the nightly job's score_points, for a report.</summary>
public sealed class ReportPointsQuery(StateDatabase db)
{
    public async Task<IReadOnlyList<(SeriesKey Key, ScorePoint Point)>> BeforeAsync(DateTimeOffset end, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            """
            select patient as Patient, instrument as Instrument, scale as Scale, source_reference as Source, authored as Authored,
                   cast(value as text) as Value, response_id as ResponseId, scored_here as ScoredHere, prorated as Prorated
            from score_points where authored < @end
            """,
            new { end = StateTime.Format(end) }, cancellationToken: ct));
        return rows.Select(r => (new SeriesKey(r.Patient, r.Instrument, r.Scale),
            new ScorePoint(StateTime.Parse(r.Authored), decimal.Parse(r.Value, CultureInfo.InvariantCulture), r.Source, r.ResponseId, r.ScoredHere != 0, r.Prorated != 0))).ToList();
    }

    private sealed class Row
    {
        public string Patient { get; init; } = "";
        public string Instrument { get; init; } = "";
        public string Scale { get; init; } = "";
        public string Source { get; init; } = "";
        public string Authored { get; init; } = "";
        /// <summary>As text, as ScorePointStore reads it: SQLite returns integer or real row by row.</summary>
        public string Value { get; init; } = "";
        public string? ResponseId { get; init; }
        public long ScoredHere { get; init; }
        public long Prorated { get; init; }
    }
}
