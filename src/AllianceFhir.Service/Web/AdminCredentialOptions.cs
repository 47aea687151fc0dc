using System.Security.Cryptography;
using System.Text;

namespace AllianceFhir.Service.Web;

/// <summary>A configured operator credential for the sign-in form (and, when allowed, API clients) when Entra is not used. Section "Admin".</summary>
public sealed class AdminCredentialOptions
{
    public const string Section = "Admin";

    public string? User { get; set; }

    /// <summary>Set from a secret store or environment (Admin__Password), never in appsettings.json.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// HTTP Basic with this credential on <c>/api/*</c> (GET only, read-only endpoints) for scripts that cannot sign in
    /// with a form or hold an Entra token. Off by default: browsers cache Basic credentials and send them on cross-site
    /// requests, which is what made the dashboard forgeable. Never accepted for the dashboard.
    /// </summary>
    public bool AllowBasicForApi { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(User) && !string.IsNullOrEmpty(Password);

    /// <summary>True when both halves match, compared in constant time (hashes of equal length, so the length leaks nothing).</summary>
    public bool Matches(string? user, string? password) =>
        IsConfigured & Same(user ?? "", User!) & Same(password ?? "", Password!);

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b ?? "")));
}
