using AllianceFhir.Core.Reports;
using AllianceFhir.Ehr.WriteBack;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Reports;

/// <summary>
/// Sends MeasureReports to the EHR when its CapabilityStatement accepts MeasureReport create (and batch), else keeps
/// them in the service's measure_reports table. Written once either way: each report's identifier is searched
/// first and only missing ones are posted (with If-None-Exist where conditional create is supported).
/// </summary>
public sealed class MeasureReportPublisher(MeasureReportStore store, ILogger<MeasureReportPublisher> log)
{
    private static readonly FhirJsonSerializer Serializer = new();

    public sealed record Outcome(int Created, int Existed, int Kept, int Refused);

    public async Task<Outcome> PublishAsync(IEhrWriter ehr, string period, IReadOnlyList<MeasureReport> reports, CancellationToken ct)
    {
        var capabilities = await ehr.WriteCapabilitiesAsync(ct);
        if (!capabilities.CanCreate("MeasureReport") || !capabilities.Batch)
        {
            var kept = await store.SaveAsync(reports.Select(r => Stored(period, r)), ct);
            return new Outcome(0, 0, kept, 0);
        }

        var search = new Bundle { Type = Bundle.BundleType.Batch };
        foreach (var r in reports)
            search.Entry.Add(new Bundle.EntryComponent
            {
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = $"MeasureReport?identifier={Query(r)}" },
            });
        var found = await ehr.PostBatchAsync(search, ct);
        var missing = reports.Where((r, i) => !(i < found.Entry.Count && found.Entry[i].Resource is Bundle { Entry.Count: > 0 })).ToList();
        int created = 0, refused = 0;
        var conditional = capabilities.CanConditionallyCreate("MeasureReport");
        foreach (var chunk in missing.Chunk(4))
        {
            var batch = new Bundle { Type = Bundle.BundleType.Batch };
            foreach (var r in chunk)
                batch.Entry.Add(new Bundle.EntryComponent
                {
                    FullUrl = $"urn:uuid:{Guid.NewGuid()}",
                    Resource = WithoutId(r),
                    Request = new Bundle.RequestComponent
                    {
                        Method = Bundle.HTTPVerb.POST,
                        Url = "MeasureReport",
                        IfNoneExist = conditional ? $"identifier={Query(r)}" : null,
                    },
                });
            var response = await ehr.PostBatchAsync(batch, ct);
            for (var i = 0; i < chunk.Length; i++)
            {
                var status = i < response.Entry.Count ? response.Entry[i].Response?.Status ?? "" : "";
                if (status.StartsWith("20", StringComparison.Ordinal)) { created++; continue; }
                refused++;
                var reason = response.Entry.ElementAtOrDefault(i)?.Response?.Outcome is OperationOutcome oo
                    ? string.Join("; ", oo.Issue.Select(x => x.Diagnostics ?? x.Details?.Text).Take(3)) : status;
                log.LogWarning("{Endpoint} refused MeasureReport {Identifier}: {Reason}; kept in the service instead", ehr.Name, chunk[i].Identifier[0].Value, reason);
                await store.SaveAsync([Stored(period, chunk[i])], ct);
            }
        }
        return new Outcome(created, reports.Count - missing.Count, refused, refused);
    }

    public static MeasureReportStore.Stored Stored(string period, MeasureReport r) =>
        new(r.Identifier[0].Value ?? r.Id ?? "", period, r.Measure ?? "", r.Type?.ToString() ?? "", Serializer.SerializeToString(r));

    private static string Query(MeasureReport r) =>
        $"{Uri.EscapeDataString(r.Identifier[0].System ?? "")}|{Uri.EscapeDataString(r.Identifier[0].Value ?? "")}";

    private static MeasureReport WithoutId(MeasureReport r)
    {
        var copy = (MeasureReport)r.DeepCopy();
        copy.Id = null;
        return copy;
    }
}
