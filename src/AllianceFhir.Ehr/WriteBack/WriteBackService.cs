using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Resources;
using AllianceFhir.Core.WriteBack;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Task = System.Threading.Tasks.Task;

namespace AllianceFhir.Ehr.WriteBack;

/// <summary>
/// Writes scores, summaries and alerts to the EHR so that nothing is written twice: conditional create where the
/// EHR declares it, else the ledger plus a search by identifier. Every outcome goes to the ledger; a refused write
/// (4xx) is recorded with its OperationOutcome and not retried; an unconfirmed one fails the call so it is retried.
/// </summary>
public sealed partial class WriteBackService(IOptions<WriteBackOptions> options, IWriteLedger ledger, TimeProvider time, ILogger<WriteBackService> log)
{
    public async Task<WriteSummary> WriteAsync(IEhrWriter ehr, string runId, IReadOnlyList<Resource> resources, IReadOnlyList<AlertIntent> alerts, CancellationToken ct)
    {
        var capabilities = await ehr.WriteCapabilitiesAsync(ct);
        var all = new List<Resource>(resources);
        if (alerts.Count > 0)
        {
            var channel = WritePlanner.Channel(capabilities, options.Value.AlertChannels);
            if (channel is null)
            {
                await ledger.RecordAsync(alerts.Select(a => new LedgerEntry("Alert", CanonicalUrlsAlert, ResourceIds.For("alert", a.Key), null, "failed", null,
                    $"{ehr.Name} accepts none of the configured alert channels ({string.Join(", ", options.Value.AlertChannels)})", runId)), ct);
                log.LogError("EHR {Endpoint} accepts none of the configured alert channels; {Count} alerts recorded as failed", ehr.Name, alerts.Count);
            }
            else all.AddRange(alerts.Select(a => AlertResourceBuilder.Build(a, channel.Value)));
        }
        // Hashed before references are rewritten: the same content hashes the same whatever ids the EHR assigned.
        var hashes = all.GroupBy(r => (r.TypeName, WriteBundles.IdentifierOf(r).Value)).ToDictionary(g => g.Key, g => ContentHash.Of(g.Last()));
        await RewriteReferencesAsync(all, ct);

        var summary = WriteSummary.Empty;
        var retry = 0;
        foreach (var group in all.GroupBy(r => r.TypeName))
        {
            var strategy = WritePlanner.Strategy(capabilities, group.Key, options.Value.ForceLedger);
            foreach (var chunk in group.Chunk(options.Value.BundleSize))
            {
                var (written, results) = strategy == WriteStrategy.ConditionalCreate
                    ? await ConditionalCreateAsync(ehr, chunk, ct)
                    : await LedgerAndSearchAsync(ehr, chunk, ct);
                await ledger.RecordAsync(results.Where(r => r.Outcome != WriteOutcome.Retry).Select(r => ToLedger(r, runId)), ct);
                // What we created is the EHR's current state of it: a later revision with the same content writes nothing.
                await ledger.RecordCurrentAsync(results.Where(r => r is { Outcome: WriteOutcome.Created, EhrId: not null })
                    .Select(r => new CurrentWrite(r.ResourceType, r.IdentifierSystem, r.IdentifierValue, r.EhrId!, null, hashes[(r.ResourceType, r.IdentifierValue)])), ct);
                retry += results.Count(r => r.Outcome == WriteOutcome.Retry);
                summary = summary.Plus(written);
                if (options.Value.WriteProvenance && capabilities.CanCreate("Provenance"))
                    summary = summary.Plus(await ProvenanceAsync(ehr, results, ct));
            }
        }
        if (retry > 0) throw new WriteBackIncompleteException(retry, ehr.Name);
        return summary;
    }

    private const string CanonicalUrlsAlert = Core.Catalogue.CanonicalUrls.AlertIdentifierSystem;

    private async Task<(WriteSummary, IReadOnlyList<WriteResult>)> ConditionalCreateAsync(IEhrWriter ehr, Resource[] chunk, CancellationToken ct)
    {
        var response = await PostAsync(ehr, WriteBundles.ConditionalCreate(chunk), ct);
        var results = WriteBundles.ReadCreateResponse(chunk, response);
        return (Summarise(results, skipped: 0, requests: 1), results);
    }

    private async Task<(WriteSummary, IReadOnlyList<WriteResult>)> LedgerAndSearchAsync(IEhrWriter ehr, Resource[] chunk, CancellationToken ct)
    {
        var type = chunk[0].TypeName;
        var system = WriteBundles.IdentifierOf(chunk[0]).System!;
        var confirmed = await ledger.ConfirmedAsync(type, system, chunk.Select(r => WriteBundles.IdentifierOf(r).Value!).ToList(), ct);
        var unknown = chunk.Where(r => !confirmed.ContainsKey(WriteBundles.IdentifierOf(r).Value!)).ToList();
        var skipped = chunk.Length - unknown.Count;
        var ehrIds = confirmed.ToDictionary(k => k.Key, k => k.Value);
        if (unknown.Count == 0) return (WriteSummary.Empty with { SkippedByLedger = skipped, EhrIds = ehrIds }, []);

        // The ledger may have lost a write that reached the EHR (a crash between the two): ask the EHR before creating.
        var searched = await PostAsync(ehr, WriteBundles.IdentifierSearch(unknown), ct);
        var results = new List<WriteResult>();
        IReadOnlyList<string?> found;
        try
        {
            found = searched is null ? throw new InvalidOperationException("no answer") : WriteBundles.ReadSearchResponse(unknown, searched);
        }
        catch (InvalidOperationException)
        {
            results.AddRange(unknown.Select(r => Result(r, WriteOutcome.Retry, null, null)));
            return (Summarise(results, skipped, 1), results);
        }
        var missing = new List<Resource>();
        for (var i = 0; i < unknown.Count; i++)
        {
            if (found[i] is { } id) results.Add(Result(unknown[i], WriteOutcome.Existed, 200, id));
            else missing.Add(unknown[i]);
        }
        var requests = 1;
        if (missing.Count > 0)
        {
            var created = await PostAsync(ehr, WriteBundles.Create(missing), ct);
            results.AddRange(WriteBundles.ReadCreateResponse(missing, created));
            requests++;
        }
        var summary = Summarise(results, skipped, requests);
        return (summary with { EhrIds = summary.EhrIds.Concat(ehrIds).ToDictionary(k => k.Key, k => k.Value) }, results);
    }

    /// <summary>Provenance for what this call created (R4 Provenance has no identifier: only new writes get one, once).</summary>
    private async Task<WriteSummary> ProvenanceAsync(IEhrWriter ehr, IReadOnlyList<WriteResult> results, CancellationToken ct)
    {
        var targets = results.Where(r => r is { Outcome: WriteOutcome.Created, EhrId: not null }).Select(r => $"{r.ResourceType}/{r.EhrId}").ToList();
        if (targets.Count == 0) return WriteSummary.Empty;
        return await PostProvenanceAsync(ehr, ProvenanceBuilder.Build(targets, null, time), targets.Count, ct);
    }

    private async Task<WriteSummary> PostProvenanceAsync(IEhrWriter ehr, Provenance provenance, int count, CancellationToken ct)
    {
        provenance.Id = null;
        var bundle = new Bundle { Type = Bundle.BundleType.Batch, Entry = [new() { Resource = provenance, Request = new() { Method = Bundle.HTTPVerb.POST, Url = "Provenance" } }] };
        var response = await PostAsync(ehr, bundle, ct);
        var status = WriteBundles.StatusCode(response?.Entry.FirstOrDefault()?.Response?.Status);
        if (status is not (200 or 201)) log.LogWarning("Provenance for {Count} resources was not accepted by {Endpoint} (status {Status})", count, ehr.Name, status);
        return WriteSummary.Empty with { Requests = 1 };
    }

    private async Task RewriteReferencesAsync(List<Resource> resources, CancellationToken ct)
    {
        var ids = resources.SelectMany(ReferenceRewriter.OurReferencedIds).Distinct().ToList();
        if (ids.Count == 0) return;
        var known = new Dictionary<string, (string System, string? EhrId)>(StringComparer.Ordinal);
        foreach (var (system, type) in new[] { (Core.Catalogue.CanonicalUrls.ScoreIdentifierSystem, "Observation"), (Core.Catalogue.CanonicalUrls.TrajectoryIdentifierSystem, "Observation") })
            foreach (var (value, ehrId) in await ledger.ConfirmedAsync(type, system, ids, ct))
                known[value] = (system, ehrId);
        // Ours but not (yet) in the ledger: a logical reference by identifier (the system is known from the resource kind).
        foreach (var r in resources.Where(r => r.Id is not null && !known.ContainsKey(r.Id) && ids.Contains(r.Id)))
            known[r.Id!] = (WriteBundles.IdentifierOf(r).System!, null);
        foreach (var r in resources) ReferenceRewriter.Rewrite(r, known);
    }

    private static async Task<Bundle?> PostAsync(IEhrWriter ehr, Bundle bundle, CancellationToken ct)
    {
        try
        {
            return await ehr.PostBatchAsync(bundle, ct);
        }
        catch (HttpRequestException)
        {
            return null; // after the resilience pipeline gave up: every entry is unconfirmed and will be retried
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private static WriteResult Result(Resource r, WriteOutcome outcome, int? status, string? ehrId)
    {
        var identifier = WriteBundles.IdentifierOf(r);
        return new WriteResult(r.TypeName, identifier.System!, identifier.Value!, outcome, status, ehrId, null);
    }

    private static WriteSummary Summarise(IReadOnlyList<WriteResult> results, int skipped, int requests) => new(
        results.Count(r => r.Outcome == WriteOutcome.Created), results.Count(r => r.Outcome == WriteOutcome.Existed),
        results.Count(r => r.Outcome == WriteOutcome.Failed), skipped, requests,
        results.Where(r => r.Outcome is WriteOutcome.Created or WriteOutcome.Existed).ToDictionary(r => r.IdentifierValue, r => r.EhrId));

    private static LedgerEntry ToLedger(WriteResult r, string runId) => new(r.ResourceType, r.IdentifierSystem, r.IdentifierValue, r.EhrId,
        r.Outcome switch
        {
            WriteOutcome.Created => "created",
            WriteOutcome.Existed => "existed",
            WriteOutcome.Updated or WriteOutcome.Replaced => "updated",
            _ => "failed",
        }, r.StatusCode, r.OperationOutcome, runId);
}
