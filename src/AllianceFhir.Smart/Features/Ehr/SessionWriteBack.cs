using System.Collections.Concurrent;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Ehr.Client;
using AllianceFhir.Ehr.WriteBack;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Smart.Features.Ehr;

/// <summary>
/// The app writes through the service's <see cref="WriteBackService"/>, with the session's token and no ledger:
/// conditional create where the EHR declares it, else a search by identifier before a plain create
/// (<see cref="NoWriteLedger"/>). The EHR's CapabilityStatement is read once per EHR and kept.
/// </summary>
public sealed class SessionWriteBack(IOptions<WriteBackOptions> options, TimeProvider time, ILogger<WriteBackService> log)
{
    private readonly ConcurrentDictionary<string, Task<EhrFeatures>> _features = new(StringComparer.Ordinal);

    public async Task<(WriteSummary Summary, IReadOnlyList<LedgerEntry> Results)> WriteAsync(SessionEhr ehr, IReadOnlyList<Resource> resources,
        IReadOnlyList<AlertIntent> alerts, CancellationToken ct)
    {
        var baseUrl = ehr.Session.Context.FhirBaseUrl;
        var writer = new TimedWriter(new HttpEhrWriter(ehr.Session.EhrHttpClient, baseUrl, c => FeaturesAsync(ehr, c)), ehr);
        var results = new RecordingLedger();
        var writeBack = new WriteBackService(options, results, time, log);
        var summary = await writeBack.WriteAsync(writer, "smart-app", resources, alerts, ct);
        return (summary, results.Entries);
    }

    /// <summary>The channel alerts are written to in this EHR (null when it accepts none of the configured ones).</summary>
    public async Task<AlertChannel?> AlertChannelAsync(SessionEhr ehr, CancellationToken ct) =>
        WritePlanner.Channel((await FeaturesAsync(ehr, ct)).WriteCapabilities(), options.Value.AlertChannels);

    public Task<EhrFeatures> FeaturesAsync(SessionEhr ehr, CancellationToken ct)
    {
        var key = ehr.Session.Context.FhirBaseUrl.AbsoluteUri.TrimEnd('/');
        var task = _features.GetOrAdd(key, _ => ReadAsync(ehr));
        if (task.IsFaulted || task.IsCanceled) _features.TryRemove(new KeyValuePair<string, Task<EhrFeatures>>(key, task));
        return task.WaitAsync(ct);
    }

    private static async Task<EhrFeatures> ReadAsync(SessionEhr ehr)
    {
        var (status, body) = await ehr.SendAsync(HttpMethod.Get, "metadata", null, null, CancellationToken.None);
        if (status != System.Net.HttpStatusCode.OK) throw new EhrRequestException($"The EHR answered {(int)status} to reading its CapabilityStatement", status, body);
        return new EhrFeatures(ehr.Session.Context.FhirBaseUrl, SessionEhr.Deserializer.Deserialize<CapabilityStatement>(body));
    }

    /// <summary>
    /// Sends each entry of write-back's batch Bundle as its own request (POST with If-None-Exist, or the search GET) and
    /// answers as a batch-response would: a SMART app's patient-level token may not post a batch to the base (the
    /// sandbox refuses it; Epic has no batch), and the app writes only a few resources at a time. Timed as EHR wait.
    /// </summary>
    private sealed class TimedWriter(IEhrWriter inner, SessionEhr ehr) : IEhrWriter
    {
        public string Name => inner.Name;

        public Task<EhrWriteCapabilities> WriteCapabilitiesAsync(CancellationToken ct) => inner.WriteCapabilitiesAsync(ct);

        public async Task<Bundle> PostBatchAsync(Bundle batch, CancellationToken ct)
        {
            var response = new Bundle { Type = Bundle.BundleType.BatchResponse };
            foreach (var entry in batch.Entry)
            {
                var request = entry.Request ?? throw new InvalidOperationException("write-back sent an entry without a request");
                var isGet = request.Method == Bundle.HTTPVerb.GET;
                var body0 = isGet || entry.Resource is null ? null : SessionEhr.Serializer.SerializeToString(entry.Resource);
                var (status, body, location) = await ehr.SendEntryAsync(isGet ? HttpMethod.Get : HttpMethod.Post, request.Url ?? "", body0, request.IfNoneExist, ct);
                Resource? resource = null;
                if (body.Length > 0) SessionEhr.Deserializer.TryDeserializeResource(body, out resource, out _);
                response.Entry.Add(new Bundle.EntryComponent
                {
                    Resource = resource,
                    Response = new Bundle.ResponseComponent { Status = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), Location = location },
                });
            }
            return response;
        }
    }

    /// <summary>No durable ledger: keeps this call's outcomes (with the EHR's OperationOutcome for a refusal) to report them.</summary>
    private sealed class RecordingLedger : IWriteLedger
    {
        public List<LedgerEntry> Entries { get; } = [];

        public System.Threading.Tasks.Task RecordAsync(IEnumerable<LedgerEntry> entries, CancellationToken ct)
        {
            Entries.AddRange(entries);
            return System.Threading.Tasks.Task.CompletedTask;
        }

        public System.Threading.Tasks.Task<Dictionary<string, string?>> ConfirmedAsync(string resourceType, string identifierSystem, IReadOnlyCollection<string> values, CancellationToken ct) =>
            NoWriteLedger.Instance.ConfirmedAsync(resourceType, identifierSystem, values, ct);
    }
}
