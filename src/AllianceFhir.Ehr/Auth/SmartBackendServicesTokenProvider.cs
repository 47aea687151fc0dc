using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using AllianceFhir.Ehr.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Ehr.Auth;

/// <summary>
/// Gets SMART Backend Services access tokens (client_credentials + signed JWT assertion) and keeps the current
/// one until shortly before it expires. One instance per process: the handlers that IHttpClientFactory
/// recycles all share it.
/// </summary>
public sealed partial class SmartBackendServicesTokenProvider : IDisposable
{
    private const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IOptions<EhrOptions> _ehrOptions;
    private readonly IOptions<SmartBackendServicesOptions> _options;
    private readonly ClientAssertionFactory _assertions;
    private readonly TimeProvider _time;
    private readonly ILogger<SmartBackendServicesTokenProvider> _logger;
    private (AccessToken Token, DateTimeOffset RefreshAt)? _current;
    private Uri? _tokenUrl;

    internal SmartBackendServicesTokenProvider(
        IHttpClientFactory httpClientFactory,
        IOptions<EhrOptions> ehrOptions,
        IOptions<SmartBackendServicesOptions> options,
        ClientAssertionFactory assertions,
        TimeProvider time,
        ILogger<SmartBackendServicesTokenProvider> logger)
    {
        _httpClientFactory = httpClientFactory;
        _ehrOptions = ehrOptions;
        _options = options;
        _assertions = assertions;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// The current token, or a new one when it is due for refresh or is <paramref name="rejected"/> (the value the
    /// EHR just answered 401 to). Concurrent callers share one token request.
    /// </summary>
    public async ValueTask<AccessToken> GetTokenAsync(string? rejected = null, CancellationToken cancellationToken = default)
    {
        if (Usable(rejected) is { } token) return token;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Usable(rejected) is { } again) return again;
            var fresh = await RequestAsync(cancellationToken).ConfigureAwait(false);
            var lifetime = fresh.ExpiresAt - _time.GetUtcNow();
            var margin = TimeSpan.FromTicks(Math.Min(_options.Value.RefreshBeforeExpiry.Ticks, lifetime.Ticks / 2));
            _current = (fresh, fresh.ExpiresAt - margin);
            return fresh;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The token endpoint: configured, or discovered from the EHR's smart-configuration (once).</summary>
    public async Task<Uri> GetTokenUrlAsync(CancellationToken cancellationToken = default)
    {
        if (_options.Value.TokenUrl is { } configured) return configured;
        if (_tokenUrl is { } known) return known;
        var url = FhirJson.Combine(_ehrOptions.Value.RequireBaseUrl(), ".well-known/smart-configuration");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await Http().SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new EhrAuthenticationException($"SMART discovery at {url} answered {(int)response.StatusCode}; set {SmartBackendServicesOptions.Section}:TokenUrl if the EHR does not publish it");
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            if (!doc.RootElement.TryGetProperty("token_endpoint", out var endpoint) || endpoint.GetString() is not { Length: > 0 } value
                || !Uri.TryCreate(value, UriKind.Absolute, out var tokenUrl))
                throw new EhrAuthenticationException($"SMART discovery at {url} names no absolute token_endpoint");
            return _tokenUrl = tokenUrl;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException)
        {
            throw new EhrAuthenticationException($"SMART discovery at {url} failed: {e.Message}", e);
        }
    }

    public void Dispose() => _gate.Dispose();

    private AccessToken? Usable(string? rejected) =>
        _current is { } c && c.Token.Value != rejected && _time.GetUtcNow() < c.RefreshAt ? c.Token : null;

    private async Task<AccessToken> RequestAsync(CancellationToken ct)
    {
        var tokenUrl = await GetTokenUrlAsync(ct).ConfigureAwait(false);
        var o = _options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["scope"] = o.Scope,
                ["client_assertion_type"] = AssertionType,
                ["client_assertion"] = _assertions.Create(tokenUrl),
            }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        string body;
        System.Net.HttpStatusCode status;
        try
        {
            using var response = await Http().SendAsync(request, ct).ConfigureAwait(false);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new EhrAuthenticationException($"The token endpoint {tokenUrl} refused client {o.ClientId} ({(int)status}): {OAuthError(body)}");
        }
        catch (HttpRequestException e)
        {
            throw new EhrAuthenticationException($"The token endpoint {tokenUrl} could not be reached: {e.Message}", e);
        }
        var token = Parse(body, tokenUrl);
        LogToken(_logger, LogSafe.Url(tokenUrl), (token.ExpiresAt - _time.GetUtcNow()).TotalSeconds);
        return token;
    }

    private AccessToken Parse(string body, Uri tokenUrl)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (!root.TryGetProperty("access_token", out var at) || at.GetString() is not { Length: > 0 } value)
                throw new EhrAuthenticationException($"The token endpoint {tokenUrl} answered without an access_token");
            if (root.TryGetProperty("token_type", out var tt) && !string.Equals(tt.GetString(), "bearer", StringComparison.OrdinalIgnoreCase))
                throw new EhrAuthenticationException($"The token endpoint {tokenUrl} issued a '{tt.GetString()}' token; only bearer tokens are supported");
            // Without expires_in, assume the five minutes SMART's own examples use, rather than forever.
            var seconds = 300d;
            if (root.TryGetProperty("expires_in", out var ei))
            {
                if (ei.ValueKind == JsonValueKind.Number) seconds = ei.GetDouble();
                else if (ei.ValueKind == JsonValueKind.String && double.TryParse(ei.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s)) seconds = s;
            }
            return new AccessToken(value, _time.GetUtcNow().AddSeconds(seconds));
        }
        catch (JsonException e)
        {
            throw new EhrAuthenticationException($"The token endpoint {tokenUrl} answered with invalid JSON", e);
        }
    }

    private static string OAuthError(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var error = doc.RootElement.TryGetProperty("error", out var e) ? e.GetString() : null;
            var description = doc.RootElement.TryGetProperty("error_description", out var d) ? d.GetString() : null;
            return string.Join(": ", new[] { error, description }.Where(x => !string.IsNullOrEmpty(x))) is { Length: > 0 } text ? text : "no error given";
        }
        catch (JsonException)
        {
            return "no OAuth error body";
        }
    }

    private HttpClient Http() => _httpClientFactory.CreateClient(EhrHttpClients.Authorization);

    [LoggerMessage(Level = LogLevel.Information, Message = "Got an access token from {TokenUrl}, valid for {Seconds}s")]
    private static partial void LogToken(ILogger logger, string tokenUrl, double seconds);
}
