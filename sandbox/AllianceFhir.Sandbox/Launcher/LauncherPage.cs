using AllianceFhir.Sandbox.Authorization;
using AllianceFhir.Sandbox.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AllianceFhir.Sandbox.Launcher;

/// <summary>
/// The launcher: the cohort's patients with an EHR launch per patient (the patient's clinician is the signed-in user),
/// the same launch inside a framed "chart" page, and a standalone launch. The pages are Razor components
/// (<see cref="PatientListPage"/>, <see cref="ChartPage"/>; docs/adr/0010).
/// </summary>
internal static class LauncherPage
{
    public static IEndpointRouteBuilder MapLauncher(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", ListAsync);
        app.MapPost("/launch", LaunchAsync);
        app.MapGet("/chart", Chart);
        return app;
    }

    private static async Task<IResult> ListAsync(CohortDirectory cohort, SandboxUrls urls, CancellationToken cancellationToken) =>
        new RazorComponentResult<PatientListPage>(new Dictionary<string, object?>
        {
            [nameof(PatientListPage.Patients)] = await cohort.PatientsAsync(cancellationToken),
            [nameof(PatientListPage.StandaloneUrl)] = StandaloneUrl(urls),
        });

    private static async Task<IResult> LaunchAsync(HttpContext http, LaunchStore launches, SandboxUrls urls)
    {
        var form = await http.Request.ReadFormAsync();
        if (form["patient"].ToString() is not { Length: > 0 } patient || form["practitioner"].ToString() is not { Length: > 0 } practitioner)
            return Results.BadRequest("Choose a patient from the list to launch.");
        // Framed, the chart around the app shows the patient banner; on a page of its own the app must show it.
        var framed = form["mode"] == "frame";
        var launch = launches.Create(patient, practitioner, encounterId: null, withheldScopes: null, ehrShowsBanner: framed);
        return framed
            ? Results.Redirect($"/chart?patient={Uri.EscapeDataString(patient)}&launch={launch}")
            : Results.Redirect(AppLaunchUrl(urls, launch));
    }

    private static IResult Chart(string? patient, string? launch, SandboxUrls urls)
    {
        if (string.IsNullOrEmpty(launch)) return Results.BadRequest("The chart needs a launch; start from the patient list.");
        return new RazorComponentResult<ChartPage>(new Dictionary<string, object?>
        {
            [nameof(ChartPage.Patient)] = patient,
            [nameof(ChartPage.AppLaunchUrl)] = AppLaunchUrl(urls, launch),
        });
    }

    private static string AppLaunchUrl(SandboxUrls urls, string launch) =>
        $"{urls.AppLaunchUrl}?iss={Uri.EscapeDataString(urls.FhirBaseUrl)}&launch={Uri.EscapeDataString(launch)}";

    private static string StandaloneUrl(SandboxUrls urls) => $"{urls.AppLaunchUrl}?iss={Uri.EscapeDataString(urls.FhirBaseUrl)}";
}
