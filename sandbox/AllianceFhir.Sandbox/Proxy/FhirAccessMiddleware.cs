using System.Text.Json;
using AllianceFhir.Sandbox.Authorization;
using Microsoft.AspNetCore.Authentication;
using Hl7.Fhir.Model;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;

namespace AllianceFhir.Sandbox.Proxy;

/// <summary>
/// In front of the forwarded <c>/fhir/*</c>: checks the bearer token (OpenIddict validation: signature, expiry,
/// audience = the FHIR base), applies <see cref="FhirAccessPolicy"/>, and for patient-level tokens checks the body a
/// client writes and the resource an update or delete would change. Reads are checked on the way back
/// (<see cref="FhirProxyTransforms"/>). <c>/fhir/metadata</c> and the SMART configuration are anonymous.
/// </summary>
internal sealed class FhirAccessMiddleware(RequestDelegate next, IHttpClientFactory clients)
{
    public const string CompartmentItem = "sandbox.compartment-patient";
    public const string TargetItem = "sandbox.fhir-target";

    public async System.Threading.Tasks.Task InvokeAsync(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments("/fhir", out var rest) || IsAnonymous(rest))
        {
            await next(http);
            return;
        }

        var result = await http.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (result.Principal is not { } principal)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await OperationOutcomes.WriteAsync(http.Response, StatusCodes.Status401Unauthorized, OperationOutcome.IssueType.Login,
                "A valid bearer access token from this EHR is required (missing, expired or not issued for this FHIR base).");
            return;
        }

        var target = FhirTarget.Classify(http.Request.Method, rest.Value ?? "");
        var decision = FhirAccessPolicy.Decide(principal.GetScopes(), principal.GetClaim(SmartClaims.Patient), target, http.Request.Query);
        if (decision.Allowed && decision.CompartmentPatient is { } patient)
        {
            decision = await CheckWriteAsync(http, target, patient);
            http.Items[CompartmentItem] = patient;
            http.Items[TargetItem] = target;
        }
        if (!decision.Allowed)
        {
            await OperationOutcomes.WriteAsync(http.Response, StatusCodes.Status403Forbidden, OperationOutcome.IssueType.Forbidden, decision.Reason!);
            return;
        }
        http.Request.Headers.Authorization = default; // the upstream FHIR server never sees the sandbox's tokens
        await next(http);
    }

    private static bool IsAnonymous(PathString rest) =>
        rest.Equals("/metadata", StringComparison.Ordinal) || rest.StartsWithSegments("/.well-known");

    private async Task<AccessDecision> CheckWriteAsync(HttpContext http, FhirTarget target, string patient)
    {
        if (target.Interaction is 'c' or 'u')
        {
            http.Request.EnableBuffering();
            JsonElement body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body, cancellationToken: http.RequestAborted);
            }
            catch (JsonException)
            {
                return AccessDecision.Refuse("The request body is not JSON; a patient-level write must be a FHIR JSON resource.");
            }
            finally
            {
                http.Request.Body.Position = 0;
            }
            if (!PatientCompartment.Contains(body, patient))
                return AccessDecision.Refuse("A patient-level token may only write resources about its own patient.");
        }
        if (target.Interaction is 'u' or 'd' && target.Id is not null)
        {
            var upstream = clients.CreateClient(Launcher.CohortDirectory.UpstreamClient);
            using var existing = await upstream.GetAsync($"{target.ResourceType}/{Uri.EscapeDataString(target.Id)}", http.RequestAborted);
            if (existing.IsSuccessStatusCode)
            {
                using var doc = JsonDocument.Parse(await existing.Content.ReadAsStringAsync(http.RequestAborted));
                if (!PatientCompartment.Contains(doc.RootElement, patient))
                    return AccessDecision.Refuse("A patient-level token may only change resources about its own patient.");
            }
        }
        return AccessDecision.InCompartmentOf(patient);
    }
}
