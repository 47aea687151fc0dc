using System.Globalization;
using AllianceFhir.Core.Reports;
using CsvHelper;

namespace AllianceFhir.Reports;

/// <summary>The report as CSV (CsvHelper): one row per indicator and stratum; suppressed counts as "&lt;11", withheld rates empty.</summary>
public static class ReportCsv
{
    public static readonly string[] IndicatorHeader = ["period", "stratifier", "stratum", "indicator", "title", "numerator", "denominator", "rate", "unit"];

    public static readonly string[] AssociationHeader = ["period", "outcome", "method", "n", "r", "ci_lower", "ci_upper"];

    public static void WriteIndicators(ReportTable table, TextWriter writer)
    {
        using var csv = CsvWriter.Create(writer, new CsvWriterOptions(), true);
        csv.WriteHeader(IndicatorHeader);
        foreach (var r in table.Rows)
            csv.WriteRecord([
                table.Period.ToString(), r.Stratifier ?? "all", r.Stratum, r.Indicator.Id, r.Indicator.Title, r.Numerator.Text, r.Denominator.Text,
                r.Rate?.ToString("0.0", CultureInfo.InvariantCulture) ?? "", r.Indicator.Unit,
            ]);
    }

    public static void WriteAssociations(ReportTable table, TextWriter writer)
    {
        using var csv = CsvWriter.Create(writer, new CsvWriterOptions(), true);
        csv.WriteHeader(AssociationHeader);
        foreach (var a in table.Associations)
            foreach (var (method, c) in new[] { ("pearson", a.Pearson), ("spearman", a.Spearman) })
                csv.WriteRecord([table.Period.ToString(), a.Outcome, method, a.N.Text, Format(c?.R), Format(c?.Lower), Format(c?.Upper)]);
    }

    public static string Indicators(ReportTable table)
    {
        using var w = new StringWriter(CultureInfo.InvariantCulture);
        WriteIndicators(table, w);
        return w.ToString();
    }

    private static string Format(double? value) => value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "";
}
