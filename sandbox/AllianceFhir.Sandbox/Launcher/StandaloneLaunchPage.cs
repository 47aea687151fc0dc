using System.Text;
using OpenIddict.Abstractions;
using static AllianceFhir.Sandbox.Launcher.HtmlPage;

namespace AllianceFhir.Sandbox.Launcher;

/// <summary>
/// The standalone launch's sign-in: pick who you are (a practitioner) and the patient, then the form posts the
/// original authorization request back with the choice (SMART "authorize-post").
/// </summary>
internal static class StandaloneLaunchPage
{
    public static async Task<string> RenderAsync(OpenIddictRequest request, CohortDirectory cohort, CancellationToken cancellationToken)
    {
        var practitioners = await cohort.PractitionersAsync(cancellationToken);
        var patients = await cohort.PatientsAsync(cancellationToken);
        var body = new StringBuilder("<main><h2>Sign in to the sandbox EHR</h2>");
        body.Append("<p>").Append(E(request.ClientId)).Append(" asks to open a patient record. Choose who you are and the patient.</p>")
            .Append("<form method=\"post\" action=\"/connect/authorize\">");
        foreach (var (name, value) in request.GetParameters())
        {
            if (name is "sandbox_patient" or "sandbox_practitioner") continue;
            body.Append("<input type=\"hidden\" name=\"").Append(E(name)).Append("\" value=\"").Append(E((string?)value)).Append("\">");
        }
        body.Append("<label for=\"sandbox_practitioner\">You are</label><select id=\"sandbox_practitioner\" name=\"sandbox_practitioner\" required>");
        foreach (var p in practitioners) body.Append("<option value=\"").Append(E(p.Id)).Append("\">").Append(E(p.Name)).Append("</option>");
        body.Append("</select><label for=\"sandbox_patient\">Patient</label><select id=\"sandbox_patient\" name=\"sandbox_patient\" required>");
        foreach (var p in patients) body.Append("<option value=\"").Append(E(p.Id)).Append("\">").Append(E($"{p.Name} ({p.Mrn})")).Append("</option>");
        body.Append("</select><p><button type=\"submit\">Open the record</button></p></form></main>");
        return Render("Sign in", body.ToString());
    }
}
