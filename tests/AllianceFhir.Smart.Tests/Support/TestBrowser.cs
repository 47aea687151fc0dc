using System.Net;
using System.Net.Http.Headers;

namespace AllianceFhir.Smart.Tests.Support;

/// <summary>
/// What a browser does for the launch, by hand: follows redirects one by one and keeps cookies per origin, including
/// Secure ones over http://127.0.0.1 (as Chromium does; .NET's CookieContainer would drop them). Every response it
/// saw is kept, so a test can inspect everything the browser was shown.
/// </summary>
public sealed class TestBrowser : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly Dictionary<string, Dictionary<string, string>> _cookies = new(StringComparer.Ordinal);

    public sealed record Seen(HttpMethod Method, Uri Url, HttpStatusCode Status, string Headers, string Body, Uri? Location);

    public List<Seen> History { get; } = [];

    /// <summary>Every Set-Cookie header line received, with its attributes.</summary>
    public List<string> SetCookieLines { get; } = [];

    public IReadOnlyDictionary<string, string> CookiesFor(Uri url) =>
        _cookies.TryGetValue(Origin(url), out var jar) ? jar : new Dictionary<string, string>();

    public void SetCookie(Uri url, string name, string value) => Jar(url)[name] = value;

    public void ClearCookies(Uri url) => Jar(url).Clear();

    public Task<HttpResponseMessage> GetAsync(Uri url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        var jar = Jar(request.RequestUri!);
        if (jar.Count > 0) request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => $"{c.Key}={c.Value}")));
        var response = await _http.SendAsync(request);
        var body = response.Content is null ? "" : await response.Content.ReadAsStringAsync();
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            foreach (var line in setCookies)
            {
                SetCookieLines.Add(line);
                Store(jar, line);
            }
        var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l : new Uri(request.RequestUri!, l)) : null;
        History.Add(new Seen(request.Method, request.RequestUri!, response.StatusCode, response.Headers + "\n" + response.Content?.Headers, body, location));
        // Let callers read the body again.
        var copy = new StringContent(body);
        if (response.Content?.Headers.ContentType is { } type) copy.Headers.ContentType = type;
        response.Content = copy;
        return response;
    }

    /// <summary>Follows redirects from <paramref name="url"/> until a page that is not a redirect (or <paramref name="stopAt"/> matches).</summary>
    public async Task<HttpResponseMessage> NavigateAsync(Uri url, Func<Uri, bool>? stopAt = null, int maxHops = 15)
    {
        var response = await GetAsync(url);
        for (var hop = 0; hop < maxHops && IsRedirect(response.StatusCode) && History[^1].Location is { } next; hop++)
        {
            if (stopAt?.Invoke(next) == true) return response;
            response = await GetAsync(next);
        }
        return response;
    }

    public static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;

    private Dictionary<string, string> Jar(Uri url)
    {
        var origin = Origin(url);
        if (!_cookies.TryGetValue(origin, out var jar)) _cookies[origin] = jar = new Dictionary<string, string>(StringComparer.Ordinal);
        return jar;
    }

    private static string Origin(Uri url) => url.GetLeftPart(UriPartial.Authority);

    private static void Store(Dictionary<string, string> jar, string setCookie)
    {
        var parts = setCookie.Split(';', StringSplitOptions.TrimEntries);
        var eq = parts[0].IndexOf('=');
        var name = parts[0][..eq];
        var value = parts[0][(eq + 1)..];
        var expired = parts.Skip(1).Any(a =>
            a.StartsWith("expires=", StringComparison.OrdinalIgnoreCase) && DateTimeOffset.TryParse(a[8..], out var at) && at < DateTimeOffset.UtcNow
            || a.StartsWith("max-age=", StringComparison.OrdinalIgnoreCase) && int.TryParse(a[8..], out var age) && age <= 0);
        if (expired || value.Length == 0) jar.Remove(name);
        else jar[name] = value;
    }

    public void Dispose() => _http.Dispose();
}

internal static class HeaderText
{
    public static string Of(HttpResponseMessage r) => r.Headers + "\n" + r.Content.Headers;

    public static MediaTypeHeaderValue? Type(HttpResponseMessage r) => r.Content.Headers.ContentType;
}
