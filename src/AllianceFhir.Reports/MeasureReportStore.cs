using AllianceFhir.State;
using Dapper;

namespace AllianceFhir.Reports;

/// <summary>MeasureReports kept by the service when the EHR does not accept them (table measure_reports, migration 0002).</summary>
public sealed class MeasureReportStore(StateDatabase db, TimeProvider time)
{
    public sealed record Stored(string Identifier, string Period, string Measure, string ReportType, string ResourceJson);

    /// <summary>Keeps each report once: a second save of the same identifier changes nothing. Returns how many were new.</summary>
    public async Task<int> SaveAsync(IEnumerable<Stored> reports, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var now = StateTime.Format(time.GetUtcNow());
        var added = 0;
        foreach (var r in reports)
            added += await c.ExecuteAsync(new CommandDefinition(
                """
                insert into measure_reports (identifier, period, measure, report_type, resource_json, created_at)
                values (@Identifier, @Period, @Measure, @ReportType, @ResourceJson, @now)
                on conflict (identifier) do nothing
                """,
                new { r.Identifier, r.Period, r.Measure, r.ReportType, r.ResourceJson, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return added;
    }

    public async Task<IReadOnlyList<Stored>> ForPeriodAsync(string period, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Stored>(new CommandDefinition(
            """
            select identifier as Identifier, period as Period, measure as Measure, report_type as ReportType, resource_json as ResourceJson
            from measure_reports where period = @period order by identifier
            """,
            new { period }, cancellationToken: ct))).ToList();
    }
}
