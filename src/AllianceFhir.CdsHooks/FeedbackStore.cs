using AllianceFhir.State;
using Dapper;

namespace AllianceFhir.CdsHooks;

/// <summary>CDS Hooks feedback as received (migration 0003): card, outcome, override reason code; never the user's comment.</summary>
public sealed class FeedbackStore(StateDatabase db, TimeProvider time)
{
    public sealed record Entry(string ServiceId, string CardUuid, string Outcome, string? OverrideSystem, string? OverrideCode,
        int AcceptedSuggestions, DateTimeOffset OutcomeTimestamp, string ClientIssuer);

    public async Task AddAsync(IReadOnlyCollection<Entry> entries, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var now = StateTime.Format(time.GetUtcNow());
        foreach (var e in entries)
            await c.ExecuteAsync(new CommandDefinition(
                """
                insert into cds_feedback (service_id, card_uuid, outcome, override_system, override_code, accepted_suggestions, outcome_timestamp, client_issuer, received_at)
                values (@ServiceId, @CardUuid, @Outcome, @OverrideSystem, @OverrideCode, @AcceptedSuggestions, @timestamp, @ClientIssuer, @now)
                """,
                new { e.ServiceId, e.CardUuid, e.Outcome, e.OverrideSystem, e.OverrideCode, AcceptedSuggestions = (long)e.AcceptedSuggestions, timestamp = StateTime.Format(e.OutcomeTimestamp), e.ClientIssuer, now },
                tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<Entry>> ForCardAsync(string cardUuid, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            """
            select service_id as ServiceId, card_uuid as CardUuid, outcome as Outcome, override_system as OverrideSystem, override_code as OverrideCode,
                   accepted_suggestions as AcceptedSuggestions, outcome_timestamp as OutcomeTimestamp, client_issuer as ClientIssuer
            from cds_feedback where card_uuid = @cardUuid order by id
            """,
            new { cardUuid }, cancellationToken: ct));
        return rows.Select(r => new Entry(r.ServiceId, r.CardUuid, r.Outcome, r.OverrideSystem, r.OverrideCode, (int)r.AcceptedSuggestions,
            StateTime.Parse(r.OutcomeTimestamp), r.ClientIssuer)).ToList();
    }

    private sealed class Row
    {
        public string ServiceId { get; init; } = "";
        public string CardUuid { get; init; } = "";
        public string Outcome { get; init; } = "";
        public string? OverrideSystem { get; init; }
        public string? OverrideCode { get; init; }
        public long AcceptedSuggestions { get; init; }
        public string OutcomeTimestamp { get; init; } = "";
        public string ClientIssuer { get; init; } = "";
    }
}
