using System.Text.Json;
using System.Text.Json.Serialization;
using AllianceFhir.Core.Reports;

namespace AllianceFhir.Reports;

/// <summary>The report as JSON for the REST endpoint: suppressed counts are null with their text ("&lt;11").</summary>
public static class ReportJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
    };

    public static string Serialize(ReportTable table, DateTimeOffset generated) => JsonSerializer.Serialize(new
    {
        period = table.Period.ToString(),
        generated,
        suppressBelow = table.SuppressBelow,
        indicators = table.Rows.Select(r => new
        {
            stratifier = r.Stratifier ?? "all",
            stratum = r.Stratum,
            indicator = r.Indicator.Id,
            title = r.Indicator.Title,
            numerator = r.Numerator.Shown,
            numeratorText = r.Numerator.Text,
            denominator = r.Denominator.Shown,
            denominatorText = r.Denominator.Text,
            rate = r.Rate,
            unit = r.Indicator.Unit,
        }),
        associations = table.Associations.Select(a => new
        {
            outcome = a.Outcome,
            n = a.N.Shown,
            nText = a.N.Text,
            pearson = a.Pearson is { } p ? new { r = p.R, lower = p.Lower, upper = p.Upper } : null,
            spearman = a.Spearman is { } s ? new { r = s.R, lower = s.Lower, upper = s.Upper } : null,
        }),
        published = Association.Published.Select(p => new { source = p.Source, r = p.R }),
        trend = table.Trend.Select(t => new { month = t.Month.ToString(), active = t.Active.Text, covered = t.Covered.Text, coverage = t.Coverage }),
    }, Options);
}
