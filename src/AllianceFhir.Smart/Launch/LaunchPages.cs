using System.Net;
using System.Text;
using System.Text.Encodings.Web;

namespace AllianceFhir.Smart.Launch;

/// <summary>
/// The plain-language pages a person sees when a launch cannot go on, or after signing out. Static HTML, no script,
/// nothing from the request but HTML-encoded text, and never a token.
/// </summary>
internal static class LaunchPages
{
    private const string EhrLaunchAdvice = "Open the app again from the patient's chart in your EHR; if it keeps happening, tell your EHR administrator.";
    private const string StandaloneAdvice = "Start the sign-in again below; if it keeps happening, tell your EHR administrator.";

    public static IResult UnknownIss(string? iss) => Page(HttpStatusCode.BadRequest, "This EHR is not set up for AllianceFhir",
        [string.IsNullOrWhiteSpace(iss)
            ? "The app was opened without saying which EHR it came from. Open it again from the patient's chart in your EHR."
            : $"The app was opened from {iss}, which is not on the list of EHRs this AllianceFhir installation trusts, so it did not contact it. If this is your organisation's EHR, ask your administrator to add it."]);

    public static IResult EhrUnreachable() => Page(HttpStatusCode.BadGateway, "The EHR could not be reached",
        ["The app could not read the EHR's sign-in settings. Try again in a minute; if it keeps happening, tell your EHR administrator."]);

    /// <summary>The sign-in failure page: what the EHR said (its <c>error</c> and a safe form of its description), and advice for the kind of launch.</summary>
    public static IResult SignInFailed(SignInFailure failure)
    {
        var paragraphs = new List<string>();
        List<string>? scopes = null;
        if (failure.StateProblem)
        {
            paragraphs.Add(failure.Standalone
                ? "This sign-in link was already used, has expired, or was started in another browser window."
                : "This sign-in link was already used, has expired, or was started in another browser window. Open the app again from the patient's chart in your EHR.");
        }
        else if (failure.Error is { } error)
        {
            paragraphs.Add(failure.Description is { } d ? $"The EHR answered \"{error}\": {d}" : $"The EHR answered \"{error}\".");
            switch (error)
            {
                case "access_denied":
                    paragraphs.Add("Access was declined at the EHR, by you or by the EHR's rules for this app.");
                    break;
                case "invalid_scope":
                    paragraphs.Add("The EHR refused the access this app asked for. These are the scopes it asked for; the EHR administrator can allow them, or the AllianceFhir administrator can set Smart:Ehrs:N:Scopes to what this EHR grants:");
                    scopes = [.. failure.RequestedScopes];
                    break;
            }
        }
        else
        {
            paragraphs.Add(failure.Reason ?? "The EHR did not complete the sign-in.");
        }
        if (!(failure.StateProblem && !failure.Standalone)) paragraphs.Add(failure.Standalone ? StandaloneAdvice : EhrLaunchAdvice);
        return Page(HttpStatusCode.BadRequest, "Sign-in did not complete", paragraphs, scopes,
            failure.Standalone && failure.RelaunchUrl is { } url ? (url, "Sign in again") : null);
    }

    /// <summary>After <c>POST /signout</c>: the session and the EHR's tokens are gone; how to come back.</summary>
    public static IResult SignedOut(string? relaunchUrl) => Page(HttpStatusCode.OK, "Signed out",
        ["You are signed out of AllianceFhir, and its access to the EHR for this session has ended.",
            relaunchUrl is null ? "To continue, launch the app again from the patient's chart in your EHR." : "To continue, sign in again."],
        link: relaunchUrl is null ? null : (relaunchUrl, "Sign in again"));

    public static async Task WriteAsync(HttpContext context, IResult page) => await page.ExecuteAsync(context);

    private static IResult Page(HttpStatusCode status, string title, IReadOnlyList<string> paragraphs, IReadOnlyList<string>? list = null, (string Href, string Text)? link = null)
    {
        var e = HtmlEncoder.Default;
        var body = new StringBuilder();
        foreach (var p in paragraphs) body.Append("<p>").Append(e.Encode(p)).Append("</p>\n");
        if (list is { Count: > 0 })
        {
            body.Append("<ul>\n");
            foreach (var item in list) body.Append("<li><code>").Append(e.Encode(item)).Append("</code></li>\n");
            body.Append("</ul>\n");
        }
        if (link is { } l) body.Append("<p><a href=\"").Append(e.Encode(l.Href)).Append("\">").Append(e.Encode(l.Text)).Append("</a></p>\n");
        var html = $"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>{e.Encode(title)} – AllianceFhir</title></head>
            <body>
            <main>
            <h1>{e.Encode(title)}</h1>
            {body}</main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: (int)status);
    }
}
