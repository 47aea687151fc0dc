using AllianceFhir.Service.Ingest;
using AllianceFhir.State;
using Dapper;

namespace AllianceFhir.Service.Cli;

/// <summary>What a nightly run did, from the service's own state (counts only: no patient data).</summary>
public static class RunReport
{
    public static async Task<string> DescribeAsync(IServiceProvider services, string runId, CancellationToken ct)
    {
        var db = services.GetRequiredService<StateDatabase>();
        await using var c = await db.OpenAsync(ct);
        var ledger = (await c.QueryAsync<(string Type, string Outcome, long Count)>(new CommandDefinition(
            "select resource_type, outcome, count(*) from ledger where run_id = @runId group by resource_type, outcome order by 1, 2",
            new { runId }, cancellationToken: ct))).ToList();
        var quarantined = await c.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from quarantine where run_id = @runId", new { runId }, cancellationToken: ct));
        var run = await services.GetRequiredService<RunStore>().GetAsync(runId, ct);
        var lines = new List<string>
        {
            $"nightly-scoring run {runId}: {(run is null ? "" : RunStatusCodes.Code(run.Status))}, {run?.BatchCount} batch(es), source {services.GetRequiredService<IEhrEndpoint>().Name}",
            $"quarantined: {quarantined}",
        };
        lines.AddRange(ledger.Select(l => $"{l.Type} {l.Outcome}: {l.Count}"));
        if (ledger.Count == 0) lines.Add("nothing new to write");
        return string.Join(Environment.NewLine, lines);
    }
}
