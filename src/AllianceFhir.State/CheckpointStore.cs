using Dapper;

namespace AllianceFhir.State;

/// <summary>How far each recurring job has read the EHR (the max lastUpdated it has confirmed).</summary>
public sealed class CheckpointStore(StateDatabase db, TimeProvider time)
{
    public async Task<DateTimeOffset?> GetAsync(string job, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var value = await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "select checkpoint from checkpoints where job = @job", new { job }, cancellationToken: ct));
        return value is null ? null : StateTime.Parse(value);
    }

    /// <summary>Moves the checkpoint forward only: a slower, older run never moves it back.</summary>
    public async Task AdvanceAsync(string job, DateTimeOffset checkpoint, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            """
            insert into checkpoints (job, checkpoint, updated_at) values (@job, @checkpoint, @now)
            on conflict (job) do update set checkpoint = excluded.checkpoint, updated_at = excluded.updated_at
            where excluded.checkpoint > checkpoints.checkpoint
            """,
            new { job, checkpoint = StateTime.Format(checkpoint), now = StateTime.Format(time.GetUtcNow()) }, cancellationToken: ct));
    }
}
