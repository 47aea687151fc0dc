using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AllianceFhir.Ehr.Client;
using AllianceFhir.Ehr.Resilience;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Task = System.Threading.Tasks.Task;

namespace AllianceFhir.Ehr.BulkData;

/// <summary>
/// FHIR Bulk Data <c>$export</c>: kick-off (<c>Prefer: respond-async</c>), polling the status URL with backoff
/// that honours <c>Retry-After</c>, the completion manifest, ndjson downloads streamed line by line, and cancel.
/// </summary>
public sealed partial class BulkExportClient(
    IHttpClientFactory httpClientFactory,
    IOptions<EhrOptions> ehrOptions,
    IOptions<BulkExportOptions> options,
    TimeProvider time,
    ILogger<BulkExportClient> logger)
{
    /// <summary>Starts an export; the server answers 202 Accepted with the status URL in Content-Location.</summary>
    public async Task<BulkExportJob> KickOffAsync(BulkExportRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = KickOffUrl(request);
        using var message = new HttpRequestMessage(HttpMethod.Get, url);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(FhirJson.MediaType));
        message.Headers.Add("Prefer", "respond-async");
        using var response = await Fhir().SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw await ErrorAsync("The EHR did not accept the $export kick-off", response, cancellationToken).ConfigureAwait(false);
        var location = response.Content.Headers.ContentLocation ?? response.Headers.Location
            ?? throw new BulkExportException("The EHR accepted the $export kick-off but sent no Content-Location to poll", LogSafe.Url(url), response.StatusCode);
        var job = new BulkExportJob(location.IsAbsoluteUri ? location : new Uri(url, location), time.GetUtcNow());
        LogKickedOff(logger, LogSafe.Url(url), LogSafe.Url(job.StatusUrl));
        return job;
    }

    /// <summary>
    /// Polls the job until the manifest is ready. Waits as long as the server's Retry-After says, else backs off
    /// exponentially from <see cref="BulkExportOptions.InitialPollInterval"/>; gives up after
    /// <see cref="BulkExportOptions.MaxWait"/> (and cancels the job, by default).
    /// </summary>
    public async Task<BulkExportManifest> WaitForManifestAsync(BulkExportJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var o = options.Value;
        var started = time.GetUtcNow();
        var backoff = o.InitialPollInterval;
        while (true)
        {
            using (var message = new HttpRequestMessage(HttpMethod.Get, job.StatusUrl))
            {
                message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                using var response = await Fhir().SendAsync(message, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                    return await ReadManifestAsync(response, job, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.TooManyRequests))
                    throw await ErrorAsync("The $export job failed", response, cancellationToken).ConfigureAwait(false);

                TimeSpan wait;
                if (RetryAfter.TryGetDelay(response, time, out var serverWait))
                {
                    wait = serverWait > o.MaxRetryAfter ? o.MaxRetryAfter : serverWait;
                }
                else
                {
                    wait = backoff;
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, o.MaxPollInterval.Ticks));
                }
                var progress = response.Headers.TryGetValues("X-Progress", out var values) ? string.Join(" ", values) : "";
                LogInProgress(logger, LogSafe.Url(job.StatusUrl), progress, wait.TotalSeconds);

                if (time.GetUtcNow() + wait - started > o.MaxWait)
                {
                    if (o.CancelOnTimeout) await TryCancelAsync(job).ConfigureAwait(false);
                    throw new BulkExportException($"The $export job did not complete within {o.MaxWait}", LogSafe.Url(job.StatusUrl), response.StatusCode);
                }
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Cancels the job (DELETE on its status URL); the server deletes its files.</summary>
    public async Task CancelAsync(BulkExportJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var message = new HttpRequestMessage(HttpMethod.Delete, job.StatusUrl);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(FhirJson.MediaType));
        using var response = await Fhir().SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw await ErrorAsync("Cancelling the $export job failed", response, cancellationToken).ConfigureAwait(false);
        LogCancelled(logger, LogSafe.Url(job.StatusUrl));
    }

    /// <summary>The file's lines as they arrive; nothing is held in memory beyond the current line.</summary>
    public async IAsyncEnumerable<string> ReadLinesAsync(BulkExportFile file, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var http = file.RequiresAccessToken ? Fhir() : httpClientFactory.CreateClient(EhrHttpClients.BulkFiles);
        using var message = new HttpRequestMessage(HttpMethod.Get, file.Url);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(FhirJson.NdjsonMediaType));
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw await ErrorAsync($"Downloading the {file.Type} file of the export failed", response, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var _ = stream.ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0 && !string.IsNullOrWhiteSpace(line)) yield return line;
        }
    }

    /// <summary>The file's resources, parsed line by line; lines that are not valid FHIR go to <paramref name="onMalformed"/>, or fail the read when it is null.</summary>
    public async IAsyncEnumerable<Resource> ReadResourcesAsync(
        BulkExportFile file,
        Action<MalformedEntry>? onMalformed = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var deserializer = FhirJson.Deserializer(ehrOptions.Value.ParsingMode);
        var lineNumber = 0;
        await foreach (var line in ReadLinesAsync(file, cancellationToken).ConfigureAwait(false))
        {
            lineNumber++;
            var resource = FhirJson.TryParse(deserializer, line, out var error);
            if (resource is not null)
            {
                yield return resource;
                continue;
            }
            var malformed = FhirJson.Malformed($"{LogSafe.Url(file.Url)} line {lineNumber}", line, error ?? "unreadable");
            if (onMalformed is null)
                throw new BulkExportException($"Line {lineNumber} ({malformed.ResourceType}) of the {file.Type} file is not valid FHIR R4: {malformed.Reason}", LogSafe.Url(file.Url));
            onMalformed(malformed);
        }
    }

    private HttpClient Fhir() => httpClientFactory.CreateClient(EhrHttpClients.Fhir);

    private Uri KickOffUrl(BulkExportRequest request)
    {
        var path = request.Level switch
        {
            BulkExportLevel.System => "$export",
            BulkExportLevel.Patient => "Patient/$export",
            BulkExportLevel.Group when !string.IsNullOrWhiteSpace(request.GroupId) => $"Group/{Uri.EscapeDataString(request.GroupId)}/$export",
            BulkExportLevel.Group => throw new ArgumentException("A Group-level export needs a GroupId", nameof(request)),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Level, "Unknown export level"),
        };
        var query = new List<KeyValuePair<string, string>>();
        if (request.Since is { } since) query.Add(new("_since", FhirJson.Instant(since)));
        if (request.Types is { Count: > 0 } types) query.Add(new("_type", string.Join(",", types)));
        var url = FhirJson.Combine(ehrOptions.Value.RequireBaseUrl(), path);
        return query.Count == 0 ? url : new UriBuilder(url) { Query = FhirJson.Query(query) }.Uri;
    }

    private static async Task<BulkExportManifest> ReadManifestAsync(HttpResponseMessage response, BulkExportJob job, CancellationToken ct)
    {
        var url = LogSafe.Url(job.StatusUrl);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await using var _ = stream.ConfigureAwait(false);
            using var doc = await JsonDocument.ParseAsync(stream, default, ct).ConfigureAwait(false);
            var root = doc.RootElement;
            var transactionTime = root.TryGetProperty("transactionTime", out var tt) && tt.ValueKind == JsonValueKind.String
                ? DateTimeOffset.Parse(tt.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : throw new BulkExportException("The export manifest has no transactionTime", url, response.StatusCode);
            var requiresToken = root.TryGetProperty("requiresAccessToken", out var rat) && rat.ValueKind == JsonValueKind.True;
            var request = root.TryGetProperty("request", out var rq) && rq.ValueKind == JsonValueKind.String ? rq.GetString() : null;
            return new BulkExportManifest(transactionTime, request, requiresToken, Files(root, "output", requiresToken, job.StatusUrl), Files(root, "error", requiresToken, job.StatusUrl));
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new BulkExportException("The export manifest is not valid JSON of the Bulk Data shape", url, response.StatusCode, inner: e);
        }
    }

    private static List<BulkExportFile> Files(JsonElement root, string name, bool requiresToken, Uri statusUrl)
    {
        if (!root.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array) return [];
        return array.EnumerateArray().Select(f => new BulkExportFile(
            f.GetProperty("type").GetString() ?? "",
            new Uri(statusUrl, f.GetProperty("url").GetString()!),
            f.TryGetProperty("count", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt64() : null,
            requiresToken)).ToList();
    }

    private async Task TryCancelAsync(BulkExportJob job)
    {
        try
        {
            await CancelAsync(job, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or EhrResponseException or TaskCanceledException)
        {
            LogCancelFailed(logger, LogSafe.Url(job.StatusUrl), e.Message);
        }
    }

    private static async Task<BulkExportException> ErrorAsync(string message, HttpResponseMessage response, CancellationToken ct)
    {
        var e = await FhirJson.ErrorAsync(message, response, ct).ConfigureAwait(false);
        return new BulkExportException(message, e.Url, e.StatusCode, e.OperationOutcome);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bulk export kicked off at {Url}; polling {StatusUrl}")]
    private static partial void LogKickedOff(ILogger logger, string url, string statusUrl);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Bulk export {StatusUrl} in progress ({Progress}); next poll in {Seconds}s")]
    private static partial void LogInProgress(ILogger logger, string statusUrl, string progress, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bulk export {StatusUrl} cancelled")]
    private static partial void LogCancelled(ILogger logger, string statusUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancelling bulk export {StatusUrl} failed: {Reason}")]
    private static partial void LogCancelFailed(ILogger logger, string statusUrl, string reason);
}
