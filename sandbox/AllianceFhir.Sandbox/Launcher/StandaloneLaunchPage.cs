using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;

namespace AllianceFhir.Sandbox.Launcher;

/// <summary>
/// The standalone launch's sign-in (<see cref="StandaloneSignInPage"/>): pick who you are (a practitioner) and the
/// patient, then the form posts the original authorization request back with the choice (SMART "authorize-post").
/// </summary>
internal static class StandaloneLaunchPage
{
    public static async Task<IResult> RenderAsync(OpenIddictRequest request, CohortDirectory cohort, CancellationToken cancellationToken) =>
        new RazorComponentResult<StandaloneSignInPage>(new Dictionary<string, object?>
        {
            [nameof(StandaloneSignInPage.ClientId)] = request.ClientId,
            [nameof(StandaloneSignInPage.Request)] = request.GetParameters()
                .Where(p => p.Key is not ("sandbox_patient" or "sandbox_practitioner"))
                .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value))
                .ToList(),
            [nameof(StandaloneSignInPage.Practitioners)] = await cohort.PractitionersAsync(cancellationToken),
            [nameof(StandaloneSignInPage.Patients)] = await cohort.PatientsAsync(cancellationToken),
            [nameof(StandaloneSignInPage.Carers)] = await cohort.RelatedPersonsAsync(cancellationToken),
        });
}
