namespace AllianceFhir.Ehr.Auth;

/// <summary>
/// Entra ID tokens for Azure Health Data Services (configuration section <c>Ehr:Entra</c>). The same section is
/// bound to Microsoft.Identity.Web's MicrosoftIdentityApplicationOptions, so it also takes Instance and
/// ClientCredentials (a secret, certificate or managed identity) in MIW's own shape.
/// </summary>
public sealed class EntraOptions
{
    public const string Section = "Ehr:Entra";

    public string? TenantId { get; set; }

    public string? ClientId { get; set; }

    /// <summary>The scope to ask for; defaults to <c>{FhirBaseUrl}/.default</c>, which is what AHDS expects.</summary>
    public string? Scope { get; set; }
}
