using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using AllianceFhir.Core.Scoring.Input;
using AllianceFhir.Ehr;
using AllianceFhir.Ehr.Client;
using AllianceFhir.Ehr.WriteBack;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Ingest;

/// <summary>A live FHIR R4 EHR, through AllianceFhir.Ehr's authorised, resilient client.</summary>
public sealed class FhirServerEndpoint(
    FhirSearchPager pager,
    EhrCapabilities capabilities,
    IHttpClientFactory http,
    IOptions<EhrOptions> options) : IEhrEndpoint, IEhrSearch, AllianceFhir.Reports.IPatientDirectory
{
    public string Name => options.Value.FhirBaseUrl?.GetLeftPart(UriPartial.Path) ?? "(no FHIR server)";

    private HttpEhrWriter Writer => new(http.CreateClient(EhrHttpClients.Fhir), options.Value.FhirBaseUrl ?? throw new InvalidOperationException("Ehr:FhirBaseUrl is not set"), ct => capabilities.GetAsync(ct));

    public Task<EhrWriteCapabilities> WriteCapabilitiesAsync(CancellationToken ct) => Writer.WriteCapabilitiesAsync(ct);

    public async IAsyncEnumerable<EhrEntry> ChangedSinceAsync(string resourceType, DateTimeOffset? since, IReadOnlyList<string>? codes, [EnumeratorCancellation] CancellationToken ct)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("_sort", "_lastUpdated") };
        if (codes is { Count: > 0 })
        {
            parameters.Add(new("code", string.Join(",", codes)));
            // EHR-stored totals share their codes with the score Observations we write: not our own output back
            // (R4 search :not on a token; the nightly job drops any that an EHR ignoring the modifier returns).
            parameters.Add(new("identifier:not", string.Join(",", OwnOutput.IdentifierSystems.Select(s => s + "|"))));
        }
        if (since is { } s) parameters.Add(new("_lastUpdated", "gt" + s.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)));
        var malformed = new Queue<MalformedEntry>();
        await foreach (var (resource, json) in pager.SearchEntriesAsync(resourceType, parameters, malformed.Enqueue, ct))
        {
            while (malformed.TryDequeue(out var bad)) yield return Bad(bad);
            // The entry's JSON as the EHR sent it, not the lenient parse written out again (which drops what it does not
            // know): the batch reads a response from it as `score` reads a line, so both refuse the same (issue 12).
            yield return new EhrEntry(resource, json, resource.Meta?.LastUpdated, $"{resourceType} search", null, resourceType, resource.Id);
        }
        while (malformed.TryDequeue(out var bad)) yield return Bad(bad);
    }

    /// <summary>Patients by a batched <c>Patient?_id=a,b,…</c> search, 100 ids a request; malformed entries are skipped.</summary>
    public async IAsyncEnumerable<Patient> PatientsAsync(IReadOnlyCollection<string> references, [EnumeratorCancellation] CancellationToken ct)
    {
        var ids = references.Where(r => r.StartsWith("Patient/", StringComparison.Ordinal)).Select(r => r["Patient/".Length..]).Distinct().ToList();
        foreach (var chunk in ids.Chunk(100))
            await foreach (var resource in pager.SearchAsync("Patient", [new("_id", string.Join(",", chunk))], null, ct))
                if (resource is Patient p) yield return p;
    }

    /// <summary>Any search, following next links; malformed entries are skipped (never logged: they may hold patient data).</summary>
    public IAsyncEnumerable<Resource> SearchAsync(string resourceType, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken ct) =>
        pager.SearchAsync(resourceType, parameters, null, ct);

    public Task<Bundle> PostBatchAsync(Bundle batch, CancellationToken ct) => Writer.PostBatchAsync(batch, ct);

    /// <summary>
    /// An entry that did not parse keeps its raw JSON (never logged): the safety reader still reads item 9 from it. Its
    /// reason is the one <c>score</c> gives the same JSON (Core's strict parse), else the search's own.
    /// </summary>
    private static EhrEntry Bad(MalformedEntry bad)
    {
        var rejection = StrictResourceParser.Parse(Encoding.UTF8.GetBytes(bad.Json), static _ => true).Rejection;
        return new(null, bad.Json, null, bad.Source, rejection is null ? bad.Reason : $"{rejection.Code}: {rejection.Message}", bad.ResourceType, bad.Id);
    }
}
