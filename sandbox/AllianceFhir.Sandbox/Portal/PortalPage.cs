using AllianceFhir.Sandbox.Authorization;
using AllianceFhir.Sandbox.Hosting;
using AllianceFhir.Sandbox.Launcher;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AllianceFhir.Sandbox.Portal;

/// <summary>
/// The patient portal: <c>GET /portal</c> lets a patient, or a parent or carer (RelatedPerson), sign in
/// (<see cref="PortalSignInPage"/>); <c>POST /portal/launch</c> creates a launch whose user is that Patient or
/// RelatedPerson and whose patient is the patient (or the one cared for), and sends the browser to the SMART app's
/// patient-facing launch URL (an EHR launch from the portal: the app asks for <c>launch</c> and <c>patient/</c> scopes;
/// docs/domain.md §8). The sandbox has no passwords: choosing a name is signing in, as everywhere in the sandbox.
/// </summary>
internal static class PortalPage
{
    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder app)
    {
        app.MapGet("/portal", ShowAsync);
        app.MapPost("/portal/launch", LaunchAsync);
        return app;
    }

    private static async Task<IResult> ShowAsync(CohortDirectory cohort, SandboxUrls urls, CancellationToken cancellationToken) =>
        new RazorComponentResult<PortalSignInPage>(new Dictionary<string, object?>
        {
            [nameof(PortalSignInPage.Patients)] = await cohort.PatientsAsync(cancellationToken),
            [nameof(PortalSignInPage.Carers)] = await cohort.RelatedPersonsAsync(cancellationToken),
            [nameof(PortalSignInPage.StandaloneUrl)] = $"{urls.PortalLaunchUrl}?iss={Uri.EscapeDataString(urls.FhirBaseUrl)}",
        });

    private static async Task<IResult> LaunchAsync(HttpContext http, LaunchStore launches, CohortDirectory cohort, SandboxUrls urls, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var user = form["user"].ToString().Split('/');
        string? patient = user switch
        {
            ["Patient", { Length: > 0 } id] when (await cohort.PatientsAsync(cancellationToken)).Any(p => p.Id == id) => id,
            ["RelatedPerson", { Length: > 0 } id] => await cohort.CaredForAsync(id, cancellationToken),
            _ => null,
        };
        if (patient is null) return Results.BadRequest("Choose who you are from the portal's list to sign in.");
        var launch = launches.CreatePortal(patient, user[0], user[1]);
        return Results.Redirect($"{urls.PortalLaunchUrl}?iss={Uri.EscapeDataString(urls.FhirBaseUrl)}&launch={Uri.EscapeDataString(launch)}");
    }
}
