using AllianceFhir.Core.Reports;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Reports;

/// <summary>Writes a report's outputs to a folder: report.html, report.csv, association.csv, report.json and MeasureReport.ndjson.</summary>
public static class ReportFiles
{
    public static IReadOnlyList<string> Write(ReportResult result, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        void Text(string name, string content)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, content);
            files.Add(path);
        }
        Text("report.html", ReportHtml.Render(result.Table, result.Generated));
        using (var w = new StringWriter()) { ReportCsv.WriteIndicators(result.Table, w); Text("report.csv", w.ToString()); }
        using (var w = new StringWriter()) { ReportCsv.WriteAssociations(result.Table, w); Text("association.csv", w.ToString()); }
        Text("report.json", ReportJson.Serialize(result.Table, result.Generated));
        var serializer = new FhirJsonSerializer();
        var reports = MeasureReportBuilder.Summaries(result.Table, result.Generated)
            .Concat(MeasureReportBuilder.SubjectLists(result.Table, result.Report, result.Generated));
        Text("MeasureReport.ndjson", string.Concat(reports.Select(r => serializer.SerializeToString(r) + "\n")));
        return files;
    }
}
