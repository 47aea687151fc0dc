using System.Text.Json;
using System.Text.Json.Nodes;
using AllianceFhir.Sandbox.Authorization;
using AllianceFhir.Sandbox.Proxy.Compartment;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson.Exceptions;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;

namespace AllianceFhir.Sandbox.Proxy;

/// <summary>
/// In front of the forwarded <c>/fhir/*</c>: checks the bearer token (OpenIddict validation: signature, expiry,
/// audience = the FHIR base), applies <see cref="FhirAccessPolicy"/>, and for tokens with patient context and
/// <c>patient/</c> scopes sets up the request's <see cref="CompartmentGuard"/>: writes are checked here (the body, the
/// stored resource an update, patch or delete would change, and the result of a JSON Patch), what comes back is checked
/// by <see cref="FhirProxyTransforms"/>. <c>/fhir/metadata</c> and the SMART configuration are anonymous.
/// </summary>
internal sealed class FhirAccessMiddleware(RequestDelegate next, IHttpClientFactory clients, PatientCompartment compartment)
{
    public const string GuardItem = "sandbox.compartment-guard";
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

        var scopes = principal.GetScopes().ToList();
        var tokenPatient = principal.GetClaim(SmartClaims.Patient);
        var target = FhirTarget.Classify(http.Request.Method, rest.Value ?? "");
        var decision = FhirAccessPolicy.Decide(scopes, tokenPatient, target, http.Request.Query, compartment.Definition);
        if (decision.Allowed && GuardFor(scopes, tokenPatient, principal.GetClaim(SmartClaims.FhirUser)) is { } guard)
        {
            http.Items[GuardItem] = guard;
            http.Items[TargetItem] = target;
            if (decision.CompartmentPatient is not null) decision = await CheckRequestAsync(http, target, guard);
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

    /// <summary>
    /// A guard when the token has a patient and some patient/ scope; types a user/ or system/ scope reads stay unrestricted.
    /// A RelatedPerson user's guard applies <see cref="RelatedPersonAccess"/> as well.
    /// </summary>
    private CompartmentGuard? GuardFor(IReadOnlyList<string> grantedScopes, string? tokenPatient, string? fhirUser)
    {
        if (string.IsNullOrEmpty(tokenPatient)) return null;
        var scopes = grantedScopes.Select(SmartScope.TryParse).OfType<SmartScope>().ToList();
        if (!scopes.Any(s => s.IsPatientLevel)) return null;
        var wide = scopes.Where(s => !s.IsPatientLevel).ToList();
        var caregiver = compartment.Parse(fhirUser) is { Type: "RelatedPerson" } user ? new RelatedPersonAccess(user.Id, compartment) : null;
        return new CompartmentGuard(compartment, tokenPatient, type => !wide.Any(s => s.Allows(type, 'r') || s.Allows(type, 's')),
            clients.CreateClient(Launcher.CohortDirectory.UpstreamClient), caregiver);
    }

    /// <summary>The checks of a request that only patient/ scopes allow, before it is forwarded.</summary>
    private static async Task<AccessDecision> CheckRequestAsync(HttpContext http, FhirTarget target, CompartmentGuard guard)
    {
        var method = http.Request.Method.ToUpperInvariant();
        var ct = http.RequestAborted;
        if (method == "HEAD")
            return AccessDecision.Refuse("A patient-level token may not use HEAD (the compartment is checked on the body); use GET.");

        JsonObject? stored = null;
        if (target.Interaction is 'u' or 'd' && target.Id is not null)
        {
            stored = await guard.FetchAsync(new FhirReference(target.ResourceType!, target.Id, null), ct);
            if (stored is not null && !await guard.MayReadAsync(stored, null, ct))
                return AccessDecision.Refuse("A patient-level token may only change resources about its own patient.");
        }

        if (method == "PATCH")
        {
            if (stored is null) return AccessDecision.InCompartmentOf(guard.Patient); // nothing to patch: the server answers 404
            var patch = await ReadBodyAsync(http);
            if (patch is not JsonArray)
                return AccessDecision.Refuse("A patient-level PATCH must be a JSON Patch (application/json-patch+json), so the result can be checked.");
            var patched = (JsonObject)stored.DeepClone();
            try
            {
                patch.Deserialize<JsonPatchDocument>()!.ApplyTo(patched);
            }
            catch (Exception e) when (e is JsonException or JsonPatchException or InvalidOperationException)
            {
                return AccessDecision.Refuse("The JSON Patch does not apply to the stored resource.");
            }
            if (await guard.WriteViolationAsync(patched, ct) is { } patchViolation) return AccessDecision.Refuse(patchViolation);
            // The check was made on this version: the server must refuse the patch if the resource changed meanwhile.
            if (http.Request.Headers.IfMatch.Count == 0 && stored["meta"]?["versionId"] is JsonValue version && version.TryGetValue<string>(out var versionId))
                http.Request.Headers.IfMatch = $"W/\"{versionId}\"";
            return AccessDecision.InCompartmentOf(guard.Patient);
        }

        if (target.Interaction == 'c' || method == "PUT")
        {
            if (await ReadBodyAsync(http) is not JsonObject body)
                return AccessDecision.Refuse("The request body is not a JSON resource; a patient-level write must be a FHIR JSON resource.");
            if (PatientCompartment.TypeOf(body) != target.ResourceType)
                return AccessDecision.Refuse($"The body's resourceType must be {target.ResourceType}.");
            if (method == "PUT" && PatientCompartment.IdOf(body) != target.Id)
                return AccessDecision.Refuse("The body's id must be the id in the URL.");
            if (await guard.WriteViolationAsync(body, ct) is { } violation) return AccessDecision.Refuse(violation);
        }
        return AccessDecision.InCompartmentOf(guard.Patient);
    }

    /// <summary>The request body as JSON (null when it is not JSON), left readable for the forwarder.</summary>
    private static async Task<JsonNode?> ReadBodyAsync(HttpContext http)
    {
        http.Request.EnableBuffering();
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            http.Request.Body.Position = 0;
        }
    }
}
