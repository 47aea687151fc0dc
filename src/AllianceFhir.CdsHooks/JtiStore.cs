using AllianceFhir.State;
using Dapper;

namespace AllianceFhir.CdsHooks;

/// <summary>JWT ids already seen (migration 0003), shared by every instance on the same state database.</summary>
public sealed class JtiStore(StateDatabase db)
{
    /// <summary>True when this (issuer, jti) is new; false when it was used before. Expired entries are dropped first.</summary>
    public async Task<bool> TryUseAsync(string issuer, string jti, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("delete from cds_jti where expires_at < @now", new { now = StateTime.Format(now) }, cancellationToken: ct));
        var inserted = await c.ExecuteAsync(new CommandDefinition(
            "insert into cds_jti (issuer, jti, expires_at) values (@issuer, @jti, @expires) on conflict (issuer, jti) do nothing",
            new { issuer, jti, expires = StateTime.Format(expiresAt) }, cancellationToken: ct));
        return inserted == 1;
    }
}
