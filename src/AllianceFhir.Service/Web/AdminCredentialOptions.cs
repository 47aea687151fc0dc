namespace AllianceFhir.Service.Web;

/// <summary>A configured operator credential for the dashboard and API when Entra is not used. Section "Admin".</summary>
public sealed class AdminCredentialOptions
{
    public const string Section = "Admin";

    public string? User { get; set; }

    /// <summary>Set from a secret store or environment (Admin__Password), never in appsettings.json.</summary>
    public string? Password { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(User) && !string.IsNullOrEmpty(Password);
}
