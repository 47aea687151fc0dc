using System.Web;

namespace AllianceFhir.Ehr.Tests.Support;

/// <summary>What the stub received, captured at send time.</summary>
public sealed record SentRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>A decoded query parameter.</summary>
    public string? Query(string name) => HttpUtility.ParseQueryString(Uri.Query)[name];

    public string? Form(string name) => Body is null ? null : HttpUtility.ParseQueryString(Body)[name];
}
