using AllianceFhir.Core.Alerts;
using Dapper;

namespace AllianceFhir.Service.State;

/// <summary>Active and resolved alerts per patient (migration 0003), filled where the jobs plan alerts.</summary>
public sealed class PatientAlertStore(StateDatabase db)
{
    /// <summary>Records alerts; one already known keeps its first raise time and resolution, and gains the EHR id once written.</summary>
    public async Task RecordAsync(IReadOnlyCollection<PatientAlert> alerts, CancellationToken ct)
    {
        if (alerts.Count == 0) return;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var a in alerts)
            await c.ExecuteAsync(new CommandDefinition(
                """
                insert into patient_alerts (alert_key, card_uuid, patient, kind, series, reason_code, summary, detail, occurred_at, raised_at, resolved_at, ehr_id)
                values (@key, @card, @patient, @kind, @series, @reason, @summary, @detail, @occurred, @raised, null, @ehrId)
                on conflict (alert_key) do update set ehr_id = coalesce(excluded.ehr_id, patient_alerts.ehr_id)
                """,
                new
                {
                    key = a.Key, card = a.CardUuid, patient = a.Patient, kind = PatientAlert.KindCode(a.Kind), series = a.Series, reason = a.ReasonCode,
                    summary = a.Summary, detail = a.Detail, occurred = StateTime.Format(a.OccurredAt), raised = StateTime.Format(a.RaisedAt), ehrId = a.EhrId,
                }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>Marks alerts resolved (a repaired rupture); an alert already resolved keeps its first resolution time.</summary>
    public async Task ResolveAsync(IReadOnlyCollection<(string Key, DateTimeOffset At)> resolutions, CancellationToken ct)
    {
        if (resolutions.Count == 0) return;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var (key, at) in resolutions)
            await c.ExecuteAsync(new CommandDefinition(
                "update patient_alerts set resolved_at = @at where alert_key = @key and resolved_at is null",
                new { key, at = StateTime.Format(at) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Resolves the active alerts of one kind on one series except the current one (a newer not-on-track signal
    /// replaces the older; none current resolves them all).
    /// </summary>
    public async Task SupersedeAsync(IReadOnlyCollection<(string Patient, string Series, string? CurrentKey)> series, AlertKind kind, DateTimeOffset at, CancellationToken ct)
    {
        if (series.Count == 0) return;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var (patient, s, current) in series)
            await c.ExecuteAsync(new CommandDefinition(
                """
                update patient_alerts set resolved_at = @at
                where patient = @patient and series = @series and kind = @kind and resolved_at is null and alert_key <> @current
                """,
                new { patient, series = s, kind = PatientAlert.KindCode(kind), current = current ?? "", at = StateTime.Format(at) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>A patient's active alerts; safety alerts only when they occurred at or after <paramref name="safetySince"/>.</summary>
    public async Task<IReadOnlyList<PatientAlert>> ActiveAsync(string patient, DateTimeOffset safetySince, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            """
            select alert_key as Key, card_uuid as CardUuid, patient as Patient, kind as Kind, series as Series, reason_code as ReasonCode,
                   summary as Summary, detail as Detail, occurred_at as OccurredAt, raised_at as RaisedAt, resolved_at as ResolvedAt, ehr_id as EhrId
            from patient_alerts
            where patient = @patient and resolved_at is null and (kind <> 'safety' or occurred_at >= @safetySince)
            order by occurred_at desc
            """,
            new { patient, safetySince = StateTime.Format(safetySince) }, cancellationToken: ct));
        return rows.Select(r => r.ToAlert()).ToList();
    }

    /// <summary>Every alert of a patient, resolved or not (for review and tests).</summary>
    public async Task<IReadOnlyList<PatientAlert>> AllAsync(string patient, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            """
            select alert_key as Key, card_uuid as CardUuid, patient as Patient, kind as Kind, series as Series, reason_code as ReasonCode,
                   summary as Summary, detail as Detail, occurred_at as OccurredAt, raised_at as RaisedAt, resolved_at as ResolvedAt, ehr_id as EhrId
            from patient_alerts where patient = @patient order by occurred_at
            """,
            new { patient }, cancellationToken: ct));
        return rows.Select(r => r.ToAlert()).ToList();
    }

    private sealed class Row
    {
        public string Key { get; init; } = "";
        public string CardUuid { get; init; } = "";
        public string Patient { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? Series { get; init; }
        public string ReasonCode { get; init; } = "";
        public string Summary { get; init; } = "";
        public string Detail { get; init; } = "";
        public string OccurredAt { get; init; } = "";
        public string RaisedAt { get; init; } = "";
        public string? ResolvedAt { get; init; }
        public string? EhrId { get; init; }

        public PatientAlert ToAlert() => new(Key, CardUuid, Patient, PatientAlert.ParseKind(Kind), Series, ReasonCode, Summary, Detail,
            StateTime.Parse(OccurredAt), StateTime.Parse(RaisedAt), ResolvedAt is null ? null : StateTime.Parse(ResolvedAt), EhrId);
    }
}
