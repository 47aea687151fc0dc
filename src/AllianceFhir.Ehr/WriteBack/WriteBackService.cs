using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Pipeline;
using AllianceFhir.Core.Resources;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Task = System.Threading.Tasks.Task;

namespace AllianceFhir.Ehr.WriteBack;

/// <summary>
/// Writes scores, summaries and alerts to the EHR so that nothing is written twice: conditional create where the
/// EHR declares it, else the ledger plus a search by identifier. Every outcome goes to the ledger; a refused write
/// (4xx) is recorded with its OperationOutcome and not retried; an unconfirmed one fails the call so it is retried.
/// With a <see cref="IProvenanceLedger"/>, every confirmed result gets a Provenance once, also after a crash between
/// the write and its Provenance (docs/adr/0003-nightly-write-back.md).
/// </summary>
public sealed partial class WriteBackService(
    IOptions<WriteBackOptions> options, IWriteLedger ledger, TimeProvider time, ILogger<WriteBackService> log, IProvenanceLedger? provenanceLedger = null)
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
                await ledger.RecordAsync(alerts.Select(a => new LedgerEntry("Alert", CanonicalUrlsAlert, ResourceIds.For("alert", a.Key), null, WriteOutcome.Failed, null,
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
                {
                    var (provenance, unconfirmed) = await ProvenanceAsync(ehr, group.Key, results, written, runId, ct);
                    summary = summary.Plus(provenance);
                    retry += unconfirmed;
                }
            }
        }
        if (retry > 0) throw new WriteBackIncompleteException(retry, ehr.Name);
        return summary;
    }

    /// <summary>Plain creates of one chunk tried this often in one call (each after a search by identifier).</summary>
    private const int CreateAttempts = 3;

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
        for (var attempt = 1; missing.Count > 0; attempt++)
        {
            var created = await PostAsync(ehr, WriteBundles.Create(missing), ct);
            requests++;
            if (created is not null || attempt == CreateAttempts)
            {
                results.AddRange(WriteBundles.ReadCreateResponse(missing, created));
                break;
            }
            // No answer (a 500, a timeout, a dropped connection): the EHR may have stored some of it. Search again,
            // then create only what is still missing, rather than failing the whole batch for a later re-run.
            var again = await PostAsync(ehr, WriteBundles.IdentifierSearch(missing), ct);
            requests++;
            IReadOnlyList<string?> foundAgain;
            try
            {
                foundAgain = again is null ? throw new InvalidOperationException("no answer") : WriteBundles.ReadSearchResponse(missing, again);
            }
            catch (InvalidOperationException)
            {
                results.AddRange(missing.Select(r => Result(r, WriteOutcome.Retry, null, null)));
                break;
            }
            var still = new List<Resource>();
            for (var i = 0; i < missing.Count; i++)
            {
                if (foundAgain[i] is { } id) results.Add(Result(missing[i], WriteOutcome.Existed, 200, id));
                else still.Add(missing[i]);
            }
            missing = still;
        }
        var summary = Summarise(results, skipped, requests);
        return (summary with { EhrIds = summary.EhrIds.Concat(ehrIds).ToDictionary(k => k.Key, k => k.Value) }, results);
    }

    /// <summary>
    /// A Provenance for the results of one chunk that have none: what this call created, and, with a
    /// <see cref="IProvenanceLedger"/>, every other confirmed result not recorded as covered (a crash came between
    /// its write and its Provenance). R4 Provenance has no identifier: the EHR is asked by <c>Provenance?target=</c>
    /// before one is written for those. Returns how many targets are left unconfirmed (the call is then retried).
    /// </summary>
    private async Task<(WriteSummary Summary, int Unconfirmed)> ProvenanceAsync(
        IEhrWriter ehr, string type, IReadOnlyList<WriteResult> results, WriteSummary written, string runId, CancellationToken ct)
    {
        var created = results.Where(r => r is { Outcome: WriteOutcome.Created, EhrId: not null }).Select(r => $"{r.ResourceType}/{r.EhrId}").ToList();
        var targets = new List<string>(created);
        var requests = 0;
        if (provenanceLedger is not null)
        {
            var earlier = written.EhrIds.Values.OfType<string>().Select(id => $"{type}/{id}").Except(created, StringComparer.Ordinal).ToList();
            var covered = earlier.Count == 0 ? new HashSet<string>() : await provenanceLedger.CoveredAsync(earlier, ct);
            var unknown = earlier.Where(t => !covered.Contains(t)).ToList();
            if (unknown.Count > 0)
            {
                requests++;
                var found = ProvenanceSearch.ReadTargets(await PostAsync(ehr, ProvenanceSearch.For(unknown), ct));
                if (found is null) return (WriteSummary.Empty with { Requests = requests }, unknown.Count);
                var already = unknown.Where(found.Contains).ToList();
                await provenanceLedger.RecordCoveredAsync(already, runId, ct);
                targets.AddRange(unknown.Where(t => !found.Contains(t)));
                if (targets.Count > created.Count)
                    log.LogWarning("{Count} {Type} results written earlier had no Provenance (an interrupted run): writing it now", targets.Count - created.Count, type);
            }
        }
        if (targets.Count == 0) return (WriteSummary.Empty with { Requests = requests }, 0);
        var (posted, status) = await SendProvenanceAsync(ehr, ProvenanceBuilder.Build(targets, null, time), targets.Count, ct);
        requests += posted.Requests;
        if (status is 200 or 201)
        {
            if (provenanceLedger is not null) await provenanceLedger.RecordCoveredAsync(targets, runId, ct);
            return (WriteSummary.Empty with { Requests = requests }, 0);
        }
        // Unanswered or 5xx: not known to be stored, so the call is retried (and asks the EHR first); a refusal (4xx) is not.
        var transient = status is null or 408 or 429 or >= 500;
        return (WriteSummary.Empty with { Requests = requests }, provenanceLedger is not null && transient ? targets.Count : 0);
    }

    private async Task<WriteSummary> PostProvenanceAsync(IEhrWriter ehr, Provenance provenance, int count, CancellationToken ct) =>
        (await SendProvenanceAsync(ehr, provenance, count, ct)).Summary;

    private async Task<(WriteSummary Summary, int? Status)> SendProvenanceAsync(IEhrWriter ehr, Provenance provenance, int count, CancellationToken ct)
    {
        provenance.Id = null;
        var bundle = new Bundle { Type = Bundle.BundleType.Batch, Entry = [new() { Resource = provenance, Request = new() { Method = Bundle.HTTPVerb.POST, Url = "Provenance" } }] };
        var response = await PostAsync(ehr, bundle, ct);
        var status = WriteBundles.StatusCode(response?.Entry.FirstOrDefault()?.Response?.Status);
        if (status is not (200 or 201)) log.LogWarning("Provenance for {Count} resources was not accepted by {Endpoint} (status {Status})", count, ehr.Name, status);
        return (WriteSummary.Empty with { Requests = 1 }, status);
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

    private static LedgerEntry ToLedger(WriteResult r, string runId) =>
        new(r.ResourceType, r.IdentifierSystem, r.IdentifierValue, r.EhrId, r.Outcome, r.StatusCode, r.OperationOutcome, runId);
}
