using System.Web;

namespace AllianceFhir.Ehr.Client;

/// <summary>
/// URLs fit for logs and exception messages: search values can identify a patient (subject=Patient/123,
/// identifier=MRN|…), so only the values of paging and control parameters are kept.
/// </summary>
internal static class LogSafe
{
    private static readonly HashSet<string> KeepValue = new(StringComparer.Ordinal)
    {
        "_type", "_since", "_lastUpdated", "_count", "_sort", "_outputFormat", "_elements", "_summary", "_total",
        "_include", "_revinclude", "_getpages", "_getpagesoffset", "_page", "_offset", "_format", "_pretty",
        "_bundletype", "page", "ct", "_cursor", "_id_cursor",
    };

    public static string Url(Uri? uri)
    {
        if (uri is null) return "(no url)";
        if (!uri.IsAbsoluteUri) return uri.OriginalString.Split('?')[0];
        var left = uri.GetLeftPart(UriPartial.Path);
        if (string.IsNullOrEmpty(uri.Query) || uri.Query == "?") return left;
        var parts = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(Part);
        return left + "?" + string.Join("&", parts);
    }

    private static string Part(string pair)
    {
        var eq = pair.IndexOf('=');
        var name = eq < 0 ? pair : pair[..eq];
        var bare = HttpUtility.UrlDecode(name).Split(':')[0];
        return eq < 0 || KeepValue.Contains(bare) ? pair : name + "=…";
    }
}
