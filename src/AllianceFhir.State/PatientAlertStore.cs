using System.Data.Common;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Alerts.Lifecycle;
using Dapper;

namespace AllianceFhir.State;

/// <summary>
/// Alerts per patient with their lifecycle (migrations 0003, 0004), and the append-only <c>alert_events</c> trail.
/// Every state change goes through <see cref="TransitionAsync"/>, which asks Core's state machine and records the step.
/// </summary>
public sealed class PatientAlertStore(StateDatabase db, TimeProvider time)
{
    public const string Service = "AllianceFhir";

    private const string Columns =
        """
        alert_key as Key, card_uuid as CardUuid, patient as Patient, kind as Kind, series as Series, reason_code as ReasonCode,
        summary as Summary, detail as Detail, occurred_at as OccurredAt, raised_at as RaisedAt, resolved_at as ResolvedAt, ehr_id as EhrId,
        status as Status, acknowledged_by as AcknowledgedBy, acknowledged_at as AcknowledgedAt, resolved_by as ResolvedBy, resolved_why as ResolvedWhy,
        entered_in_error_by as EnteredInErrorBy, entered_in_error_at as EnteredInErrorAt, entered_in_error_why as EnteredInErrorWhy,
        evidence as Evidence, ehr_type as EhrType, escalations as Escalations, escalated_at as EscalatedAt, escalation_ref as EscalationRef
        """;

    /// <summary>
    /// Records alerts as raised; one already known keeps its state, first raise time and steps, and gains the EHR id
    /// (and channel) once written. A new alert's raise is the first event of its trail.
    /// </summary>
    public async Task RecordAsync(IReadOnlyCollection<PatientAlert> alerts, CancellationToken ct)
    {
        if (alerts.Count == 0) return;
        var now = StateTime.Format(time.GetUtcNow());
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var a in alerts)
        {
            await c.ExecuteAsync(new CommandDefinition(
                """
                insert into patient_alerts (alert_key, card_uuid, patient, kind, series, reason_code, summary, detail, occurred_at, raised_at, resolved_at, ehr_id, status, evidence, ehr_type)
                values (@key, @card, @patient, @kind, @series, @reason, @summary, @detail, @occurred, @raised, null, @ehrId, 'raised', @evidence, @ehrType)
                on conflict (alert_key) do update set ehr_id = coalesce(excluded.ehr_id, patient_alerts.ehr_id),
                    ehr_type = coalesce(excluded.ehr_type, patient_alerts.ehr_type), evidence = coalesce(patient_alerts.evidence, excluded.evidence)
                """,
                new
                {
                    key = a.Key, card = a.CardUuid, patient = a.Patient, kind = PatientAlert.KindCode(a.Kind), series = a.Series, reason = a.ReasonCode,
                    summary = a.Summary, detail = a.Detail, occurred = StateTime.Format(a.OccurredAt), raised = StateTime.Format(a.RaisedAt), ehrId = a.EhrId,
                    evidence = a.Evidence, ehrType = a.EhrType?.ToString(),
                }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(
                """
                insert into alert_events (alert_key, event, state, actor, at, why, source, code, recorded_at)
                select @key, 'raised', 'raised', @actor, @raised, @why, 'service', null, @now
                where not exists (select 1 from alert_events where alert_key = @key and event = 'raised')
                """,
                new { key = a.Key, actor = Service, raised = StateTime.Format(a.RaisedAt), why = a.ReasonCode, now }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Moves one alert by Core's state machine and records the step (who/when/why) and its event. A refused step
    /// changes nothing and is recorded as a <c>refused</c> event, so a disagreement is never silent; an unknown key
    /// returns (Refused, null).
    /// </summary>
    public async Task<(AlertTransitionResult Result, PatientAlert? Alert)> TransitionAsync(string key, AlertStep step, string source, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        for (var attempt = 0; ; attempt++)
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            var current = await GetAsync(c, tx, key, ct);
            if (current is null) return (AlertTransitionResult.Refused, null);
            var result = AlertTransitions.Apply(current.State, step);
            if (result == AlertTransitionResult.Unchanged) return (result, current);
            var now = StateTime.Format(time.GetUtcNow());
            if (result == AlertTransitionResult.Refused)
            {
                await AddEventAsync(c, tx, new AlertEvent(key, "refused", AlertTransitions.Code(current.State), step.By, step.At,
                    $"{AlertTransitions.Code(current.State)} → {AlertTransitions.Code(step.To)} is not allowed ({step.Why})", source, null), now, ct);
                await tx.CommitAsync(ct);
                return (result, current);
            }
            var set = step.To switch
            {
                AlertState.Acknowledged => "acknowledged_by = @by, acknowledged_at = @at, acknowledged_why = @why",
                AlertState.Resolved => "resolved_by = @by, resolved_at = @at, resolved_why = @why",
                AlertState.EnteredInError => "entered_in_error_by = @by, entered_in_error_at = @at, entered_in_error_why = @why",
                // Raised again (AlertTransitions.RaisedAgain): open as when first raised, the window for escalation starts anew;
                // the earlier acknowledgement, resolution and escalations stay in alert_events.
                AlertState.Raised => "raised_at = @at, acknowledged_by = null, acknowledged_at = null, acknowledged_why = null, " +
                    "resolved_by = null, resolved_at = null, resolved_why = null, escalations = 0, escalated_at = null, escalation_ref = null",
                _ => throw new InvalidOperationException($"unknown alert state {step.To}"),
            };
            var changed = await c.ExecuteAsync(new CommandDefinition(
                $"update patient_alerts set status = @to, {set} where alert_key = @key and status = @from",
                new { key, to = AlertTransitions.Code(step.To), from = AlertTransitions.Code(current.State), by = step.By, at = StateTime.Format(step.At), why = step.Why },
                tx, cancellationToken: ct));
            if (changed == 0 && attempt < 3) continue; // another instance moved it meanwhile: decide again on what it is now
            var code = AlertTransitions.Code(step.To);
            await AddEventAsync(c, tx, new AlertEvent(key, code, code, step.By, step.At, step.Why, source, null), now, ct);
            await tx.CommitAsync(ct);
            return (AlertTransitionResult.Moved, await GetAsync(c, null, key, ct));
        }
    }

    /// <summary>Appends events that change no state (CDS feedback).</summary>
    public async Task AddEventsAsync(IReadOnlyCollection<AlertEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return;
        var now = StateTime.Format(time.GetUtcNow());
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var e in events) await AddEventAsync(c, tx, e, now, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Records escalation number <paramref name="number"/> once: false when that window was already escalated (by
    /// an earlier run or another instance), so a job run twice escalates once.
    /// </summary>
    public async Task<bool> MarkEscalatedAsync(string key, int number, DateTimeOffset at, string? reference, string? recipient, CancellationToken ct)
    {
        var now = StateTime.Format(time.GetUtcNow());
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var changed = await c.ExecuteAsync(new CommandDefinition(
            "update patient_alerts set escalations = @number, escalated_at = @at, escalation_ref = @reference where alert_key = @key and escalations < @number",
            new { key, number = (long)number, at = StateTime.Format(at), reference }, tx, cancellationToken: ct));
        if (changed == 0) return false;
        await AddEventAsync(c, tx, new AlertEvent(key, "escalated", null, Service, at, $"escalation {number}: not acknowledged in time", "service",
            reference is null ? recipient : $"{reference} to {recipient ?? "(no recipient configured)"}"), now, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Sets the EHR id where a later write (a replacement resource) gave the alert a new one.</summary>
    public async Task SetEhrIdAsync(string key, string ehrId, AlertChannel channel, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("update patient_alerts set ehr_id = @ehrId, ehr_type = @type where alert_key = @key",
            new { key, ehrId, type = channel.ToString() }, cancellationToken: ct));
    }

    /// <summary>A patient's open alerts (raised or acknowledged), newest first.</summary>
    public Task<IReadOnlyList<PatientAlert>> ActiveAsync(string patient, CancellationToken ct) =>
        QueryAsync($"select {Columns} from patient_alerts where patient = @patient and status in ('raised', 'acknowledged') order by occurred_at desc", new { patient }, ct);

    /// <summary>Every alert of a patient, in any state (for review and tests).</summary>
    public Task<IReadOnlyList<PatientAlert>> AllAsync(string patient, CancellationToken ct) =>
        QueryAsync($"select {Columns} from patient_alerts where patient = @patient order by occurred_at", new { patient }, ct);

    public async Task<PatientAlert?> GetAsync(string key, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await GetAsync(c, null, key, ct);
    }

    public Task<IReadOnlyList<PatientAlert>> ByKeysAsync(IReadOnlyCollection<string> keys, CancellationToken ct) =>
        keys.Count == 0 ? Task.FromResult<IReadOnlyList<PatientAlert>>([]) : QueryAsync($"select {Columns} from patient_alerts where {db.In("alert_key", "keys")}", new { keys = keys.ToArray() }, ct);

    /// <summary>Alerts by their CDS card uuid (what feedback names).</summary>
    public Task<IReadOnlyList<PatientAlert>> ByCardsAsync(IReadOnlyCollection<string> cards, CancellationToken ct) =>
        cards.Count == 0 ? Task.FromResult<IReadOnlyList<PatientAlert>>([]) : QueryAsync($"select {Columns} from patient_alerts where {db.In("card_uuid", "cards")}", new { cards = cards.ToArray() }, ct);

    /// <summary>The alerts raised from one resource (its evidence), whatever their state.</summary>
    public Task<IReadOnlyList<PatientAlert>> ByEvidenceAsync(string reference, CancellationToken ct) =>
        QueryAsync($"select {Columns} from patient_alerts where evidence = @reference", new { reference }, ct);

    /// <summary>Alerts by the EHR id of their resource (what the sweep reads back from the EHR).</summary>
    public Task<IReadOnlyList<PatientAlert>> ByEhrIdsAsync(IReadOnlyCollection<string> ids, CancellationToken ct) =>
        ids.Count == 0 ? Task.FromResult<IReadOnlyList<PatientAlert>>([]) : QueryAsync($"select {Columns} from patient_alerts where {db.In("ehr_id", "ids")}", new { ids = ids.ToArray() }, ct);

    /// <summary>Open alerts of one kind on one series except <paramref name="exceptKey"/> (a newer signal supersedes them).</summary>
    public Task<IReadOnlyList<PatientAlert>> OpenOnSeriesAsync(string patient, string series, AlertKind kind, string? exceptKey, CancellationToken ct) =>
        QueryAsync($"select {Columns} from patient_alerts where patient = @patient and series = @series and kind = @kind and status in ('raised', 'acknowledged') and alert_key <> @except",
            new { patient, series, kind = PatientAlert.KindCode(kind), except = exceptKey ?? "" }, ct);

    /// <summary>Safety alerts still only raised (nobody acknowledged them) that were raised at or before <paramref name="raisedBy"/>.</summary>
    public Task<IReadOnlyList<PatientAlert>> UnacknowledgedSafetyAsync(DateTimeOffset raisedBy, CancellationToken ct) =>
        QueryAsync($"select {Columns} from patient_alerts where kind = 'safety' and status = 'raised' and raised_at <= @raisedBy order by raised_at",
            new { raisedBy = StateTime.Format(raisedBy) }, ct);

    /// <summary>Alerts escalated at least once, latest first (the operator's view).</summary>
    public Task<IReadOnlyList<PatientAlert>> EscalatedAsync(int limit, CancellationToken ct) =>
        QueryAsync($"select {Columns} from patient_alerts where escalations > 0 order by escalated_at desc limit @limit", new { limit = (long)limit }, ct);

    public async Task<IReadOnlyList<AlertEvent>> EventsAsync(string key, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<EventRow>(new CommandDefinition(
            "select alert_key as AlertKey, event as Event, state as State, actor as Actor, at as At, why as Why, source as Source, code as Code from alert_events where alert_key = @key order by id",
            new { key }, cancellationToken: ct));
        return rows.Select(r => new AlertEvent(r.AlertKey, r.Event, r.State, r.Actor, StateTime.Parse(r.At), r.Why, r.Source, r.Code)).ToList();
    }

    private async Task<IReadOnlyList<PatientAlert>> QueryAsync(string sql, object parameters, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: ct))).Select(r => r.ToAlert()).ToList();
    }

    private static async Task<PatientAlert?> GetAsync(DbConnection c, DbTransaction? tx, string key, CancellationToken ct) =>
        (await c.QueryAsync<Row>(new CommandDefinition($"select {Columns} from patient_alerts where alert_key = @key", new { key }, tx, cancellationToken: ct)))
        .Select(r => r.ToAlert()).FirstOrDefault();

    private static Task AddEventAsync(DbConnection c, DbTransaction tx, AlertEvent e, string now, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            """
            insert into alert_events (alert_key, event, state, actor, at, why, source, code, recorded_at)
            values (@AlertKey, @Event, @State, @Actor, @at, @Why, @Source, @Code, @now)
            """,
            new { e.AlertKey, e.Event, e.State, e.Actor, at = StateTime.Format(e.At), e.Why, e.Source, e.Code, now }, tx, cancellationToken: ct));

    private sealed class EventRow
    {
        public string AlertKey { get; init; } = "";
        public string Event { get; init; } = "";
        public string? State { get; init; }
        public string Actor { get; init; } = "";
        public string At { get; init; } = "";
        public string? Why { get; init; }
        public string Source { get; init; } = "";
        public string? Code { get; init; }
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
        public string Status { get; init; } = "raised";
        public string? AcknowledgedBy { get; init; }
        public string? AcknowledgedAt { get; init; }
        public string? ResolvedBy { get; init; }
        public string? ResolvedWhy { get; init; }
        public string? EnteredInErrorBy { get; init; }
        public string? EnteredInErrorAt { get; init; }
        public string? EnteredInErrorWhy { get; init; }
        public string? Evidence { get; init; }
        public string? EhrType { get; init; }
        public long Escalations { get; init; }
        public string? EscalatedAt { get; init; }
        public string? EscalationRef { get; init; }

        public PatientAlert ToAlert() => new(Key, CardUuid, Patient, PatientAlert.ParseKind(Kind), Series, ReasonCode, Summary, Detail,
            StateTime.Parse(OccurredAt), StateTime.Parse(RaisedAt), Time(ResolvedAt), EhrId)
        {
            State = AlertTransitions.Parse(Status),
            AcknowledgedBy = AcknowledgedBy,
            AcknowledgedAt = Time(AcknowledgedAt),
            ResolvedBy = ResolvedBy,
            ResolvedWhy = ResolvedWhy,
            EnteredInErrorBy = EnteredInErrorBy,
            EnteredInErrorAt = Time(EnteredInErrorAt),
            EnteredInErrorWhy = EnteredInErrorWhy,
            Evidence = Evidence,
            EhrType = Enum.TryParse<AlertChannel>(EhrType, out var channel) ? channel : null,
            Escalations = (int)Escalations,
            EscalatedAt = Time(EscalatedAt),
            EscalationRef = EscalationRef,
        };

        private static DateTimeOffset? Time(string? value) => value is null ? null : StateTime.Parse(value);
    }
}
