using System.Text;
using AllianceFhir.Sandbox.Authorization;
using AllianceFhir.Sandbox.Hosting;
using static AllianceFhir.Sandbox.Launcher.HtmlPage;

namespace AllianceFhir.Sandbox.Launcher;

/// <summary>
/// The launcher: the cohort's patients with an EHR launch per patient (the patient's clinician is the signed-in user),
/// the same launch inside a framed "chart" page, and a standalone launch.
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

    private static async Task<IResult> ListAsync(CohortDirectory cohort, SandboxUrls urls, CancellationToken cancellationToken)
    {
        var patients = await cohort.PatientsAsync(cancellationToken);
        var body = new StringBuilder("<main>");
        body.Append("<h2>Patients</h2><p>Launch AllianceFhir from a patient's chart as their clinician (SMART EHR launch), or ")
            .Append("<a href=\"").Append(E(StandaloneUrl(urls))).Append("\">launch it standalone</a> and pick a patient in the app's sign-in.</p>")
            .Append("<table><caption class=\"visually-hidden\">").Append(patients.Count).Append(" patients</caption><thead><tr>")
            .Append("<th scope=\"col\">Name</th><th scope=\"col\">MRN</th><th scope=\"col\">Age</th><th scope=\"col\">Clinic</th><th scope=\"col\">Clinician</th><th scope=\"col\">Launch</th>")
            .Append("</tr></thead><tbody>");
        foreach (var p in patients)
        {
            body.Append("<tr><th scope=\"row\">").Append(E(p.Name)).Append("</th><td>").Append(E(p.Mrn)).Append("</td><td>")
                .Append(p.Age?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "").Append("</td><td>").Append(E(p.Clinic))
                .Append("</td><td>").Append(E(p.ClinicianName)).Append("</td><td>");
            if (p.ClinicianId is null)
            {
                body.Append("No clinician on record");
            }
            else
            {
                body.Append("<form method=\"post\" action=\"/launch\">")
                    .Append("<input type=\"hidden\" name=\"patient\" value=\"").Append(E(p.Id)).Append("\">")
                    .Append("<input type=\"hidden\" name=\"practitioner\" value=\"").Append(E(p.ClinicianId)).Append("\">")
                    .Append("<button type=\"submit\" name=\"mode\" value=\"launch\" aria-label=\"Launch AllianceFhir for ").Append(E(p.Name)).Append("\">Launch AllianceFhir</button>")
                    .Append("<button type=\"submit\" name=\"mode\" value=\"frame\" class=\"secondary\" aria-label=\"Launch AllianceFhir for ").Append(E(p.Name)).Append(" inside the chart\">In chart frame</button>")
                    .Append("</form>");
            }
            body.Append("</td></tr>");
        }
        body.Append("</tbody></table></main>");
        return Results.Content(Render("Patients", body.ToString()), "text/html; charset=utf-8");
    }

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
        var body = new StringBuilder();
        body.Append("<div class=\"banner\" role=\"region\" aria-label=\"Patient banner\">Chart of patient <strong>").Append(E(patient))
            .Append("</strong> · <a href=\"/\">back to the patient list</a></div>")
            .Append("<main><iframe title=\"AllianceFhir\" src=\"").Append(E(AppLaunchUrl(urls, launch))).Append("\"></iframe></main>");
        return Results.Content(Render("Chart", body.ToString()), "text/html; charset=utf-8");
    }

    private static string AppLaunchUrl(SandboxUrls urls, string launch) =>
        $"{urls.AppLaunchUrl}?iss={Uri.EscapeDataString(urls.FhirBaseUrl)}&launch={Uri.EscapeDataString(launch)}";

    private static string StandaloneUrl(SandboxUrls urls) => $"{urls.AppLaunchUrl}?iss={Uri.EscapeDataString(urls.FhirBaseUrl)}";
}
