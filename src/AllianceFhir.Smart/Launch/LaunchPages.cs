using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AllianceFhir.Smart.Launch;

/// <summary>
/// The plain-language pages a person sees when a launch cannot go on, or after signing out: what each says, rendered by
/// the Razor component <see cref="LaunchMessagePage"/> (docs/adr/0010). Static HTML, no script, nothing from the request
/// but HTML-encoded text, and never a token.
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

    private static IResult Page(HttpStatusCode status, string title, IReadOnlyList<string> paragraphs, IReadOnlyList<string>? list = null, (string Href, string Text)? link = null) =>
        new RazorComponentResult<LaunchMessagePage>(new Dictionary<string, object?>
        {
            [nameof(LaunchMessagePage.Title)] = title,
            [nameof(LaunchMessagePage.Paragraphs)] = paragraphs,
            [nameof(LaunchMessagePage.List)] = list,
            [nameof(LaunchMessagePage.LinkHref)] = link?.Href,
            [nameof(LaunchMessagePage.LinkText)] = link?.Text,
        })
        {
            StatusCode = (int)status,
            ContentType = "text/html; charset=utf-8",
        };
}
