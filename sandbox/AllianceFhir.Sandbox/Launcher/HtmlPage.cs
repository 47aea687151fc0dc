using System.Text;
using System.Text.Encodings.Web;

namespace AllianceFhir.Sandbox.Launcher;

/// <summary>The shared frame of the sandbox's plain server-rendered pages (no scripts, no CDN) and HTML encoding.</summary>
internal static class HtmlPage
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff}
        header{background:#1d3b5a;color:#fff;padding:.75rem 1.5rem}
        header h1{margin:0;font-size:1.25rem}
        main{padding:1rem 1.5rem;max-width:72rem}
        table{border-collapse:collapse;width:100%}
        th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #c8ccd0;vertical-align:middle}
        th{background:#eef1f4}
        button,a.button{font:inherit;padding:.3rem .7rem;margin:.1rem;border:1px solid #1d3b5a;border-radius:4px;background:#1d3b5a;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
        button.secondary{background:#fff;color:#1d3b5a}
        button:focus,a:focus,select:focus{outline:3px solid #f5b400;outline-offset:2px}
        label{display:block;margin:.75rem 0 .25rem;font-weight:600}
        .banner{background:#eef1f4;padding:.5rem 1.5rem;border-bottom:1px solid #c8ccd0}
        .visually-hidden{position:absolute;left:-9999px}
        iframe{border:0;width:100%;height:calc(100vh - 8rem)}
        """;

    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static string Render(string title, string body)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(E(title)).Append(" — AllianceFhir sandbox EHR</title>")
            .Append("<style>").Append(Style).Append("</style></head><body>")
            .Append("<header><h1>AllianceFhir sandbox EHR</h1></header>")
            .Append(body)
            .Append("</body></html>");
        return html.ToString();
    }
}
