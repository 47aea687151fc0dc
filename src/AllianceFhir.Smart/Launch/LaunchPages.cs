using System.Net;
using System.Text.Encodings.Web;

namespace AllianceFhir.Smart.Launch;

/// <summary>
/// The plain-language pages a person sees when a launch cannot go on. Static HTML, no script, nothing from the request
/// but HTML-encoded text, and never a token.
/// </summary>
internal static class LaunchPages
{
    public static IResult UnknownIss(string? iss) => Page(HttpStatusCode.BadRequest, "This EHR is not set up for AllianceFhir",
        string.IsNullOrWhiteSpace(iss)
            ? "The app was opened without saying which EHR it came from. Open it again from the patient's chart in your EHR."
            : $"The app was opened from {iss}, which is not on the list of EHRs this AllianceFhir installation trusts, so it did not contact it. If this is your organisation's EHR, ask your administrator to add it.");

    public static IResult EhrUnreachable() => Page(HttpStatusCode.BadGateway, "The EHR could not be reached",
        "The app could not read the EHR's sign-in settings. Try again in a minute; if it keeps happening, tell your EHR administrator.");

    public static IResult SignInFailed(bool stateProblem) => Page(HttpStatusCode.BadRequest, "Sign-in did not complete",
        stateProblem
            ? "This sign-in link was already used, has expired, or was started in another browser window. Open the app again from the patient's chart in your EHR."
            : "The EHR did not complete the sign-in. Open the app again from the patient's chart in your EHR; if it keeps happening, tell your EHR administrator.");

    public static async Task WriteAsync(HttpContext context, IResult page) => await page.ExecuteAsync(context);

    private static IResult Page(HttpStatusCode status, string title, string message)
    {
        var html = $"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>{HtmlEncoder.Default.Encode(title)} – AllianceFhir</title></head>
            <body>
            <main>
            <h1>{HtmlEncoder.Default.Encode(title)}</h1>
            <p>{HtmlEncoder.Default.Encode(message)}</p>
            </main>
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: (int)status);
    }
}
