using System.Net;
using System.Text.RegularExpressions;

namespace AllianceFhir.Service.Tests.Support;

/// <summary>
/// What an operator's browser holds: a cookie jar, no automatic redirects (so tests see each answer), signed in
/// through the form the way a person would (GET the form, POST it with its antiforgery field).
/// </summary>
public sealed partial class OperatorBrowser : IDisposable
{
    public const string User = "operator";
    public const string Password = "correct horse battery staple";

    public OperatorBrowser(string baseUrl)
    {
        Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/") };
    }

    public CookieContainer Cookies { get; } = new();
    public HttpClient Http { get; }

    /// <summary>Signs in through the form; returns the POST's answer (302 to the dashboard when it worked).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string user = User, string password = Password, string? returnUrl = null)
    {
        var form = await Http.GetStringAsync("operator/sign-in");
        var field = FormToken().Match(form);
        return await Http.PostAsync("operator/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [field.Groups["name"].Value] = WebUtility.HtmlDecode(field.Groups["value"].Value),
            ["user"] = user,
            ["password"] = password,
            ["returnUrl"] = returnUrl ?? "",
        }));
    }

    /// <summary>The antiforgery header name and token a dashboard page hands its own script (meta csrf-header / csrf-token).</summary>
    public async Task<(string Header, string Token)> DashboardTokenAsync(string page = "hangfire/recurring")
    {
        var html = await Http.GetStringAsync(page);
        var header = Meta(html, "csrf-header");
        var token = Meta(html, "csrf-token");
        return (header, token);
    }

    /// <summary>A POST of a dashboard command (form <c>jobs[]=id</c>), with the page's token only when given, from another site.</summary>
    public Task<HttpResponseMessage> DashboardCommandAsync(string path, string jobId, (string Header, string Token)? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("jobs[]", jobId)]),
        };
        if (token is { } t) request.Headers.Add(t.Header, t.Token);
        else request.Headers.Add("Origin", "https://attacker.example");
        return Http.SendAsync(request);
    }

    private static string Meta(string html, string name)
    {
        var match = Regex.Match(html, $"<meta name=\"{name}\" content=\"(?<v>[^\"]+)\"");
        Assert.True(match.Success, $"the dashboard page carries no {name}: is antiforgery registered?");
        return WebUtility.HtmlDecode(match.Groups["v"].Value);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>__RequestVerificationToken[^\"]*)\" value=\"(?<value>[^\"]+)\"\\s*/?>")]
    private static partial Regex FormToken();

    public void Dispose() => Http.Dispose();
}
