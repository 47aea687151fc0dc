using AllianceFhir.Core.Reports;
using AllianceFhir.Ehr.Clinical;
using AllianceFhir.State;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Reports;

/// <summary>Computes a period's report from the service's state (score_points + patients) or from given data.</summary>
public sealed class ReportService(EngineContext engine, ScorePointStore points, PatientStore patients, IOptions<ReportsOptions> options, TimeProvider time)
{
    public async Task<ReportResult> FromStateAsync(ReportPeriod period, CancellationToken ct)
    {
        var data = new ReportData(await points.AuthoredBeforeAsync(period.End, ct), await patients.AllAsync(ct));
        return Compute(engine, period, data, options.Value.ToSettings(), time.GetUtcNow());
    }

    public static ReportResult Compute(EngineContext engine, ReportPeriod period, ReportData data, ReportSettings settings, DateTimeOffset generated)
    {
        var report = new ReportCalculator(engine.Catalogue, engine.Settings, settings)
            .Calculate(period, data.Points.GroupBy(p => p.Key.PatientReference, StringComparer.Ordinal), data.Patients);
        return new ReportResult(report, SmallCellSuppression.Apply(report), generated);
    }
}
