using AllianceFhir.Core.Reports;
using AllianceFhir.Core.Trajectories;

namespace AllianceFhir.Reports;

/// <summary>What a report is computed from: every score point and the patients' demographics.</summary>
public sealed record ReportData(IReadOnlyList<(SeriesKey Key, ScorePoint Point)> Points, IReadOnlyDictionary<string, ReportPatient> Patients, int SkippedLines = 0);
