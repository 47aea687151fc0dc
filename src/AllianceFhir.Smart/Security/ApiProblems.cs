namespace AllianceFhir.Smart.Security;

/// <summary>The API's plain-language problem+json answers for 401, 403 and a refused antiforgery token.</summary>
internal static class ApiProblems
{
    public static Task NoSessionAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status401Unauthorized,
        "No session with the EHR", "Launch the app again from the patient's chart in your EHR.");

    /// <summary>
    /// The session ended (refresh refused, or the EHR answered 401): <c>sessionEnded</c> true, and <c>relaunchUrl</c>
    /// where a standalone launch signs in again (absent after an EHR launch, which starts again in the chart).
    /// </summary>
    public static Task SessionEndedAsync(HttpContext context, string? relaunchUrl = null) =>
        Results.Problem(title: "Your session with the EHR has ended",
            detail: relaunchUrl is null ? "Session ended. Launch the app again from the patient's chart in your EHR." : "Session ended. Launch the app again (sign in again).",
            statusCode: StatusCodes.Status401Unauthorized,
            extensions: relaunchUrl is null
                ? new Dictionary<string, object?> { ["sessionEnded"] = true }
                : new Dictionary<string, object?> { ["sessionEnded"] = true, ["relaunchUrl"] = relaunchUrl }).ExecuteAsync(context);

    public static Task OtherPatientAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status403Forbidden,
        "Not the patient in context", "This session may only show the patient the app was launched for.");

    public static Task AntiforgeryAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status400BadRequest,
        "The request could not be verified", "Reload the app and try again.");

    private static Task WriteAsync(HttpContext context, int status, string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(context);
}
