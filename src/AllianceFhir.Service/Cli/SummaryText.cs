using System.Text;
using AllianceFhir.Service.Scoring;

namespace AllianceFhir.Service.Cli;

public static class SummaryText
{
    public static string Format(ScoreSummary s, string output)
    {
        var text = new StringBuilder();
        text.AppendLine($"Scored {s.ResponsesScored} of {s.ResponsesRead} questionnaire responses in {s.ElapsedSeconds:0.0} s ({s.ResponsesRejected} rejected, {s.ResponsesProrated} prorated).");
        text.AppendLine($"Read {s.Lines} lines from {s.Files} file(s): {s.MalformedLines} malformed, {s.EhrScoresJoined} EHR score Observations joined, {s.OtherResourcesIgnored} other resources ignored.");
        text.AppendLine($"Safety signals (PHQ-9 item 9 > 0): {s.SafetySignals} ({s.SafetySignalsFromRejectedResponses} in otherwise rejected responses); item 9 missing: {s.SafetyItemMissing}.");
        text.AppendLine($"Trajectories: {s.Trajectories}; NHS Talking Therapies outcomes: {s.PairedOutcomes} ({s.Recovered} recovered, {s.ReliablyImproved} reliably improved); alliance ruptures: {s.Ruptures} ({s.RupturesRepaired} repaired).");
        text.AppendLine("Alerts: " + (s.AlertsByReason.Count == 0 ? "none" : string.Join(", ", s.AlertsByReason.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))));
        text.AppendLine("Written: " + string.Join(", ", s.Written.OrderBy(k => k.Key).Select(k => $"{k.Key}.ndjson {k.Value}")));
        text.Append($"Output: {Path.GetFullPath(output)}");
        return text.ToString();
    }
}
