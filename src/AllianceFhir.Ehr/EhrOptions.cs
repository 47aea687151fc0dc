using Hl7.Fhir.Serialization;

namespace AllianceFhir.Ehr;

/// <summary>Which EHR to talk to and how (configuration section <c>Ehr</c>).</summary>
public sealed class EhrOptions
{
    public const string Section = "Ehr";

    /// <summary>The FHIR R4 base URL, e.g. https://ehr.example.org/fhir/r4.</summary>
    public Uri? FhirBaseUrl { get; set; }

    /// <summary>How requests to the EHR are authorised; read once, when <c>AddEhr</c> registers the handlers.</summary>
    public EhrAuthentication Authentication { get; set; } = EhrAuthentication.None;

    /// <summary>The <c>_count</c> sent with searches that do not set one.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>
    /// How strictly resources read from the EHR are parsed. BackwardsCompatible refuses malformed data but
    /// tolerates elements from newer FHIR releases, which real EHRs do send. Never Recoverable or Ostrich:
    /// those drop errors silently (DESIGN.md, known quirks).
    /// </summary>
    public DeserializationMode ParsingMode { get; set; } = DeserializationMode.BackwardsCompatible;

    /// <summary>
    /// Origins (scheme://host:port) besides the FHIR base's that may receive the EHR access token, e.g. a separate
    /// Bulk Data file server. A token is never sent anywhere else, and a search whose next link leaves these origins fails.
    /// </summary>
    public List<Uri> AdditionalTrustedOrigins { get; set; } = [];

    internal Uri RequireBaseUrl() =>
        FhirBaseUrl ?? throw new InvalidOperationException($"{Section}:{nameof(FhirBaseUrl)} is not configured");

    internal bool IsTrustedOrigin(Uri uri)
    {
        if (!uri.IsAbsoluteUri) return false;
        if (FhirBaseUrl is not null && SameOrigin(uri, FhirBaseUrl)) return true;
        return AdditionalTrustedOrigins.Any(o => SameOrigin(uri, o));
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}
