namespace AllianceFhir.Sandbox.Portal;

/// <summary>
/// The portal's parent user: a synthetic RelatedPerson (mother of pat-0010, aged 16 in the bundled cohort) written to the
/// FHIR server the sandbox started, beside samples/cohort (which the generator owns byte for byte, so it is not added
/// there). Skipped when that patient is not on the server (another cohort).
/// </summary>
internal static class PortalSeed
{
    public const string RelatedPersonId = "rp-0010-parent";
    public const string PatientId = "pat-0010";

    public static async Task SeedAsync(HttpClient upstream, CancellationToken cancellationToken)
    {
        using (var patient = await upstream.GetAsync($"Patient/{PatientId}", cancellationToken))
            if (!patient.IsSuccessStatusCode) return;
        await using var json = typeof(PortalSeed).Assembly.GetManifestResourceStream($"portal.RelatedPerson-{RelatedPersonId}.json")
            ?? throw new InvalidOperationException("The portal's RelatedPerson is not embedded in the sandbox assembly.");
        using var content = new StreamContent(json);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/fhir+json");
        using var put = await upstream.PutAsync($"RelatedPerson/{RelatedPersonId}", content, cancellationToken);
        if (!put.IsSuccessStatusCode)
            throw new InvalidOperationException($"The FHIR server refused the portal's RelatedPerson ({(int)put.StatusCode}): {await put.Content.ReadAsStringAsync(cancellationToken)}");
    }
}
