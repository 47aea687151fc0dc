using AllianceFhir.Core.Pipeline;
using AllianceFhir.Core.Resources;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;

namespace AllianceFhir.Ehr.WriteBack;

public sealed partial class WriteBackService
{
    /// <summary>
    /// Writes a new state of resources already written (an amended score, a retracted one, an alert whose status
    /// changed), each carrying our identifier (docs/adr/0009-following-the-record.md). The EHR's resource is found in
    /// the ledger, else by a search on the identifier; it is updated in place (batch PUT, If-Match on the version we
    /// wrote) where the EHR allows update on the type, else the new state is created as a new resource naming the one
    /// it replaces (<see cref="Replacements"/>) and the ledger records which one is current. A state equal to the one
    /// last written (content hash) writes nothing, so running it twice is safe; one the EHR never got is created.
    /// Unconfirmed writes (5xx, 408, 412, 429, no answer) fail the call after the rest are done, as WriteAsync does.
    /// </summary>
    public async Task<WriteSummary> ReviseAsync(IEhrWriter ehr, string runId, IReadOnlyList<Resource> revised, CancellationToken ct)
    {
        if (revised.Count == 0) return WriteSummary.Empty;
        var capabilities = await ehr.WriteCapabilitiesAsync(ct);
        // Hashed before references are rewritten: the same content hashes the same whatever ids the EHR assigned.
        var hashes = revised.Select(ContentHash.Of).ToList();
        var copies = revised.Select(r => (Resource)r.DeepCopy()).ToList();
        await RewriteReferencesAsync(copies, ct);

        var summary = WriteSummary.Empty;
        var retry = 0;
        foreach (var group in copies.Select((r, i) => new Revision(r, hashes[i])).GroupBy(x => x.Resource.TypeName))
        {
            foreach (var chunk in group.Chunk(options.Value.BundleSize))
            {
                var (written, unconfirmed) = await ReviseChunkAsync(ehr, capabilities, runId, chunk, ct);
                summary = summary.Plus(written);
                retry += unconfirmed;
            }
        }
        if (retry > 0) throw new WriteBackIncompleteException(retry, ehr.Name);
        return summary;
    }

    private sealed record Revision(Resource Resource, string Hash)
    {
        public string Value => WriteBundles.IdentifierOf(Resource).Value!;
    }

    private sealed record Target(Revision Revision, string? EhrId, string? VersionId, string? KnownHash);

    private async Task<(WriteSummary, int Retry)> ReviseChunkAsync(IEhrWriter ehr, EhrWriteCapabilities capabilities, string runId, Revision[] chunk, CancellationToken ct)
    {
        var type = chunk[0].Resource.TypeName;
        var system = WriteBundles.IdentifierOf(chunk[0].Resource).System!;
        var known = await ledger.CurrentAsync(type, system, chunk.Select(r => r.Value).ToList(), ct);
        var pending = chunk.Where(r => !(known.TryGetValue(r.Value, out var k) && k.ContentHash == r.Hash)).ToList();
        var summary = WriteSummary.Empty with { SkippedByLedger = chunk.Length - pending.Count };
        if (pending.Count == 0) return (summary, 0);

        var results = new List<WriteResult>();
        var currents = new List<CurrentWrite>();
        var targets = pending.Where(r => known.ContainsKey(r.Value))
            .Select(r => new Target(r, known[r.Value].EhrId, known[r.Value].VersionId, known[r.Value].ContentHash)).ToList();
        var requests = 0;

        // Not in the ledger (it lost a write, or this is the app without one): ask the EHR which resource is current.
        var unknown = pending.Where(r => !known.ContainsKey(r.Value)).ToList();
        if (unknown.Count > 0)
        {
            requests++;
            var searched = await PostAsync(ehr, WriteBundles.IdentifierSearchFull(unknown.Select(u => u.Resource)), ct);
            IReadOnlyList<IReadOnlyList<Resource>>? found = null;
            try
            {
                found = searched is null ? throw new InvalidOperationException("no answer") : WriteBundles.ReadSearchResponseFull(unknown.Select(u => u.Resource).ToList(), searched);
            }
            catch (InvalidOperationException)
            {
                results.AddRange(unknown.Select(u => Result(u.Resource, WriteOutcome.Retry, null, null)));
            }
            for (var i = 0; found is not null && i < unknown.Count; i++)
            {
                var current = Replacements.Current(found[i]).FirstOrDefault();
                if (current is not null && SameAsWritten(unknown[i].Resource, current))
                {
                    // A read shows the EHR holds this state already: nothing to write, and now the ledger knows it.
                    currents.Add(new CurrentWrite(type, system, unknown[i].Value, current.Id!, current.Meta?.VersionId, unknown[i].Hash));
                    summary = summary with { Existed = summary.Existed + 1 };
                    continue;
                }
                targets.Add(new Target(unknown[i], current?.Id, current?.Meta?.VersionId, null));
            }
        }

        var createdRefs = new List<string>();
        var revisedRefs = new List<string>();
        var replacedRefs = new List<string>();

        // Never reached the EHR: its first state is this one.
        var create = targets.Where(t => t.EhrId is null).ToList();
        if (create.Count > 0)
        {
            requests++;
            var sent = create.Select(t => t.Revision.Resource).ToList();
            var response = await PostAsync(ehr, WriteBundles.Create(sent), ct);
            var created = WriteBundles.ReadCreateResponse(sent, response);
            for (var i = 0; i < created.Count; i++)
            {
                results.Add(created[i]);
                if (created[i] is { Outcome: WriteOutcome.Created, EhrId: { } id })
                {
                    currents.Add(new CurrentWrite(type, system, created[i].IdentifierValue, id, WriteBundles.VersionOf(response?.Entry.ElementAtOrDefault(i)), create[i].Revision.Hash));
                    createdRefs.Add($"{type}/{id}");
                }
            }
        }

        var existing = targets.Where(t => t.EhrId is not null).ToList();
        if (existing.Count > 0 && capabilities.CanUpdate(type))
        {
            requests++;
            var response = await PostAsync(ehr, WriteBundles.Update(existing.Select(t => (t.Revision.Resource, t.EhrId!, t.VersionId))), ct);
            var updated = WriteBundles.ReadUpdateResponse(existing.Select(t => t.Revision.Resource).ToList(), existing.Select(t => t.EhrId!).ToList(), response);
            for (var i = 0; i < updated.Count; i++)
            {
                var (result, version) = updated[i];
                results.Add(result);
                if (result.Outcome == WriteOutcome.Updated)
                {
                    currents.Add(new CurrentWrite(type, system, result.IdentifierValue, existing[i].EhrId!, version, existing[i].Revision.Hash));
                    revisedRefs.Add(version is null ? $"{type}/{existing[i].EhrId}" : $"{type}/{existing[i].EhrId}/_history/{version}");
                }
                else if (result.StatusCode == 412)
                {
                    // The version moved under us (someone else wrote it): forget the version so the retry writes this state,
                    // which carries a newer fact (an amendment or a retraction) than the one it overwrites.
                    currents.Add(new CurrentWrite(type, system, result.IdentifierValue, existing[i].EhrId!, null, existing[i].KnownHash));
                    log.LogWarning("{Type} changed in {Endpoint} since we wrote it; the revision will be retried without If-Match", type, ehr.Name);
                }
            }
        }
        else if (existing.Count > 0)
        {
            // No update on this type (Epic: many types): a new resource carrying the same identifier names the one it replaces.
            requests++;
            var sent = existing.Select(t => Replacements.Replacing(t.Revision.Resource, $"{type}/{t.EhrId}")).ToList();
            var response = await PostAsync(ehr, WriteBundles.Create(sent), ct);
            var created = WriteBundles.ReadCreateResponse(sent, response);
            for (var i = 0; i < created.Count; i++)
            {
                var result = created[i].Outcome == WriteOutcome.Created ? created[i] with { Outcome = WriteOutcome.Replaced } : created[i];
                results.Add(result);
                if (result is { Outcome: WriteOutcome.Replaced, EhrId: { } id })
                {
                    currents.Add(new CurrentWrite(type, system, result.IdentifierValue, id, WriteBundles.VersionOf(response?.Entry.ElementAtOrDefault(i)), existing[i].Revision.Hash, existing[i].EhrId));
                    revisedRefs.Add($"{type}/{id}");
                    replacedRefs.Add($"{type}/{existing[i].EhrId}");
                }
            }
        }

        await ledger.RecordAsync(results.Where(r => r.Outcome != WriteOutcome.Retry).Select(r => ToLedger(r, runId)), ct);
        await ledger.RecordCurrentAsync(currents, ct);
        summary = summary.Plus(new WriteSummary(
            results.Count(r => r.Outcome == WriteOutcome.Created), 0, results.Count(r => r.Outcome == WriteOutcome.Failed), 0, requests,
            currents.ToDictionary(c => c.IdentifierValue, c => (string?)c.EhrId))
        {
            Updated = results.Count(r => r.Outcome is WriteOutcome.Updated or WriteOutcome.Replaced),
        });
        if (options.Value.WriteProvenance && capabilities.CanCreate("Provenance"))
        {
            if (createdRefs.Count > 0) summary = summary.Plus(await PostProvenanceAsync(ehr, ProvenanceBuilder.Build(createdRefs, null, time), createdRefs.Count, ct));
            if (revisedRefs.Count > 0) summary = summary.Plus(await PostProvenanceAsync(ehr, ProvenanceBuilder.BuildRevision(revisedRefs, replacedRefs, time), revisedRefs.Count, ct));
        }
        return (summary, results.Count(r => r.Outcome == WriteOutcome.Retry));
    }

    /// <summary>
    /// Whether the EHR's current resource already says what we would write: compared by content hash after putting
    /// the EHR's id aside (and, for a replacement, comparing against what a replacement of the same one would say).
    /// </summary>
    private static bool SameAsWritten(Resource ours, Resource current)
    {
        var expected = Replacements.ReplacedBy(current) is { } replaced ? Replacements.Replacing(ours, replaced) : ours;
        return ContentHash.Of(expected) == ContentHash.Of(current);
    }
}
