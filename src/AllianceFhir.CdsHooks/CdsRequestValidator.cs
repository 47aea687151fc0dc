using System.Text.Json;
using System.Text.RegularExpressions;

namespace AllianceFhir.CdsHooks;

/// <summary>Checks a service call's required fields (CDS Hooks 2.0 HTTP request, patient-view context) and names the first one wrong.</summary>
public static partial class CdsRequestValidator
{
    public static (string? PatientId, CdsError? Error) Validate(CdsServiceRequest request, string hook)
    {
        if (string.IsNullOrWhiteSpace(request.Hook)) return Invalid("hook is required");
        if (!string.Equals(request.Hook, hook, StringComparison.Ordinal))
            return Invalid($"hook '{Clip(request.Hook)}' is not served here: this service answers '{hook}'");
        if (!Guid.TryParse(request.HookInstance, out _)) return Invalid("hookInstance is required and must be a UUID");
        if (request.FhirAuthorization is not null && string.IsNullOrWhiteSpace(request.FhirServer))
            return Invalid("fhirServer is required when fhirAuthorization is given");
        if (request.Context is not { ValueKind: JsonValueKind.Object } context) return Invalid("context is required and must be an object");
        var userId = Text(context, "userId");
        if (string.IsNullOrWhiteSpace(userId)) return Invalid("context.userId is required (e.g. \"Practitioner/123\")");
        var patientId = Text(context, "patientId");
        if (string.IsNullOrWhiteSpace(patientId)) return Invalid("context.patientId is required");
        if (!FhirId().IsMatch(patientId)) return Invalid("context.patientId must be a FHIR id (letters, digits, '-' and '.', at most 64)");
        return (patientId, null);
    }

    private static string? Text(JsonElement context, string name) =>
        context.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static (string?, CdsError?) Invalid(string why) => (null, new CdsError("invalid_request", why));

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    [GeneratedRegex("^[A-Za-z0-9\\-\\.]{1,64}$")]
    private static partial Regex FhirId();
}
