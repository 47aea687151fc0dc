using AllianceFhir.Core.Reports;
using AllianceFhir.State;
using Dapper;

namespace AllianceFhir.Reports;

/// <summary>Demographics of scored patients (table patients, migration 0002), refreshed whenever the nightly job scores them.</summary>
public sealed class PatientStore(StateDatabase db, TimeProvider time)
{
    public async Task UpsertAsync(IEnumerable<ReportPatient> patients, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var now = StateTime.Format(time.GetUtcNow());
        foreach (var p in patients)
            await c.ExecuteAsync(new CommandDefinition(
                """
                insert into patients (patient, birth_date, clinic, clinician, programme, delivery_mode, updated_at)
                values (@patient, @birth, @Clinic, @Clinician, @Programme, @DeliveryMode, @now)
                on conflict (patient) do update set birth_date = excluded.birth_date, clinic = excluded.clinic, clinician = excluded.clinician,
                    programme = excluded.programme, delivery_mode = excluded.delivery_mode, updated_at = excluded.updated_at
                """,
                new { patient = p.Reference, birth = p.BirthDate?.ToString("yyyy-MM-dd"), p.Clinic, p.Clinician, p.Programme, p.DeliveryMode, now },
                tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyDictionary<string, ReportPatient>> AllAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            "select patient as Patient, birth_date as BirthDate, clinic as Clinic, clinician as Clinician, programme as Programme, delivery_mode as DeliveryMode from patients",
            cancellationToken: ct));
        return rows.ToDictionary(r => r.Patient, r => new ReportPatient(r.Patient,
            r.BirthDate is null ? null : DateOnly.ParseExact(r.BirthDate, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            r.Clinic, r.Clinician, r.Programme, r.DeliveryMode), StringComparer.Ordinal);
    }

    private sealed class Row
    {
        public string Patient { get; init; } = "";
        public string? BirthDate { get; init; }
        public string? Clinic { get; init; }
        public string? Clinician { get; init; }
        public string? Programme { get; init; }
        public string? DeliveryMode { get; init; }
    }
}
