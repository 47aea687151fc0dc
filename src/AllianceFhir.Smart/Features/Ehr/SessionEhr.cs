using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AllianceFhir.Smart.Session;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Smart.Features.Ehr;

/// <summary>
/// Reads and updates FHIR resources in the launch's EHR with the session's token, timing every call
/// (<see cref="EhrTiming"/>). Searches follow <c>next</c> links; an entry that does not parse is skipped and counted,
/// never fatal for the whole page.
/// </summary>
public sealed class SessionEhr(ISmartSession session, EhrTiming timing)
{
    public const string MediaType = "application/fhir+json";

    internal static readonly FhirJsonSerializer Serializer = new();

    // Tolerant of elements newer than R4 4.0.1 (as the service reads EHR output); still reports invalid data.
    internal static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.BackwardsCompatible));

    public static SessionEhr For(HttpContext context) =>
        new(FeatureAccess.Session(context) ?? throw new InvalidOperationException("No SMART session in this request"), EhrTiming.For(context));

    public ISmartSession Session => session;

    public EhrTiming Timing => timing;

    public int SkippedEntries { get; private set; }

    /// <summary>All resources a search returns (matches and includes), following paging.</summary>
    public async Task<List<Resource>> SearchAsync(string relativeQuery, CancellationToken ct)
    {
        var resources = new List<Resource>();
        string? url = relativeQuery;
        for (var page = 0; url is not null && page < 50; page++)
        {
            var (status, body) = await SendAsync(HttpMethod.Get, url, null, null, ct);
            if (status != HttpStatusCode.OK) throw new EhrRequestException($"The EHR answered {(int)status} to a search for {relativeQuery.Split('?')[0]}", status, body);
            var bundle = ParseBundle(body);
            resources.AddRange(bundle.Entry.Select(e => e.Resource).OfType<Resource>());
            url = bundle.Link.FirstOrDefault(l => l.Relation == "next")?.Url;
        }
        return resources;
    }

    /// <summary>
    /// The entries of a search as JSON (following paging), for callers that read many resources fast
    /// (<see cref="ResponseJson"/>) and hand only the rest to Firely (<see cref="Parse"/>).
    /// </summary>
    public async Task<List<JsonElement>> SearchJsonAsync(string relativeQuery, CancellationToken ct)
    {
        var resources = new List<JsonElement>();
        string? url = relativeQuery;
        for (var page = 0; url is not null && page < 50; page++)
        {
            var (status, body) = await SendAsync(HttpMethod.Get, url, null, null, ct);
            if (status != HttpStatusCode.OK) throw new EhrRequestException($"The EHR answered {(int)status} to a search for {relativeQuery.Split('?')[0]}", status, body);
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.TryGetProperty("entry", out var entries))
                foreach (var entry in entries.EnumerateArray())
                    if (entry.TryGetProperty("resource", out var r)) resources.Add(r.Clone());
            url = null;
            if (root.TryGetProperty("link", out var links))
                foreach (var link in links.EnumerateArray())
                    if (link.TryGetProperty("relation", out var rel) && rel.GetString() == "next" && link.TryGetProperty("url", out var next)) url = next.GetString();
        }
        return resources;
    }

    /// <summary>One resource from search JSON through Firely; null (and counted) when it is not valid.</summary>
    public Resource? Parse(JsonElement json)
    {
        if (Deserializer.TryDeserializeResource(json.GetRawText(), out var resource, out _) && resource is not null) return resource;
        SkippedEntries++;
        return null;
    }

    public async Task<T?> ReadAsync<T>(string type, string id, CancellationToken ct) where T : Resource
    {
        var (status, body) = await SendAsync(HttpMethod.Get, $"{type}/{Uri.EscapeDataString(id)}", null, null, ct);
        if (status is HttpStatusCode.NotFound or HttpStatusCode.Gone) return null;
        if (status != HttpStatusCode.OK) throw new EhrRequestException($"The EHR answered {(int)status} to reading a {type}", status, body);
        return Deserializer.Deserialize<T>(body);
    }

    /// <summary>PUT with If-Match on the version read, so a concurrent change is not overwritten.</summary>
    public async Task<(HttpStatusCode Status, string Body)> UpdateAsync(Resource resource, CancellationToken ct) =>
        await SendAsync(HttpMethod.Put, $"{resource.TypeName}/{Uri.EscapeDataString(resource.Id ?? "")}", Serializer.SerializeToString(resource),
            resource.Meta?.VersionId is { } v ? $"W/\"{v}\"" : null, ct);

    public async Task<(HttpStatusCode Status, string Body)> CreateAsync(Resource resource, CancellationToken ct) =>
        await SendAsync(HttpMethod.Post, resource.TypeName, Serializer.SerializeToString(resource), null, ct);

    /// <summary>One write-back entry as its own request (<c>If-None-Exist</c> for a conditional create); the Location header too.</summary>
    internal async Task<(HttpStatusCode Status, string Body, string? Location)> SendEntryAsync(HttpMethod method, string url, string? body, string? ifNoneExist, CancellationToken ct)
    {
        return await timing.MeasureAsync(async () =>
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, MediaType);
            if (ifNoneExist is not null) request.Headers.TryAddWithoutValidation("If-None-Exist", ifNoneExist);
            using var response = await session.EhrHttpClient.SendAsync(request, ct);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(ct), response.Headers.Location?.OriginalString);
        });
    }

    internal async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string url, string? body, string? ifMatch, CancellationToken ct)
    {
        return await timing.MeasureAsync(async () =>
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, MediaType);
            if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            using var response = await session.EhrHttpClient.SendAsync(request, ct);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
        });
    }

    private Bundle ParseBundle(string json)
    {
        if (Deserializer.TryDeserializeResource(json, out var resource, out _) && resource is Bundle whole) return whole;
        // Some entry is invalid: keep the others (an EHR's one bad record must not blank the dashboard).
        using var document = JsonDocument.Parse(json);
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset };
        var root = document.RootElement;
        if (root.TryGetProperty("link", out var links))
            foreach (var link in links.EnumerateArray())
                if (link.TryGetProperty("relation", out var rel) && link.TryGetProperty("url", out var u))
                    bundle.Link.Add(new Bundle.LinkComponent { Relation = rel.GetString(), Url = u.GetString() });
        if (root.TryGetProperty("entry", out var entries))
            foreach (var entry in entries.EnumerateArray())
            {
                if (entry.TryGetProperty("resource", out var r) && Deserializer.TryDeserializeResource(r.GetRawText(), out var parsed, out _) && parsed is not null)
                    bundle.Entry.Add(new Bundle.EntryComponent { Resource = parsed });
                else SkippedEntries++;
            }
        return bundle;
    }
}
