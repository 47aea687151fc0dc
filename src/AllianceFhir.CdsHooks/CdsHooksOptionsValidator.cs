using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.CdsHooks;

/// <summary>
/// Each client names an issuer (once) and exactly one key source, a usable JWKS URL or a parsable key set. Outside
/// Development, clients need <c>CdsHooks:PublicBaseUrl</c>: without it <c>aud</c> is checked against the request's
/// own Host header, which the caller chooses (a token minted for another CDS service would be accepted).
/// </summary>
public sealed class CdsHooksOptionsValidator(IHostEnvironment environment) : IValidateOptions<CdsHooksOptions>
{
    public ValidateOptionsResult Validate(string? name, CdsHooksOptions options)
    {
        var errors = new List<string>();
        if (options.Clients.Count > 0 && string.IsNullOrWhiteSpace(options.PublicBaseUrl) && !environment.IsDevelopment())
            errors.Add("CdsHooks:PublicBaseUrl is required outside Development when CdsHooks:Clients are configured: "
                       + "the JWT's aud is checked against it, never against the request's Host header (e.g. https://cds.example.org)");
        for (var i = 0; i < options.Clients.Count; i++)
        {
            var c = options.Clients[i];
            var at = $"CdsHooks:Clients:{i}";
            if (string.IsNullOrWhiteSpace(c.Issuer)) errors.Add($"{at}:Issuer is required");
            if (c.JwksUrl is null == c.Jwks is null) errors.Add($"{at}: give exactly one of JwksUrl and Jwks");
            if (c.JwksUrl is not null && (!Uri.TryCreate(c.JwksUrl, UriKind.Absolute, out var u) || u.Scheme != Uri.UriSchemeHttps && !u.IsLoopback))
                errors.Add($"{at}:JwksUrl must be an absolute https URL (http only on loopback)");
            if (c.Jwks is not null)
            {
                try
                {
                    if (new JsonWebKeySet(c.Jwks).Keys.Count == 0) errors.Add($"{at}:Jwks holds no keys");
                }
                catch (ArgumentException)
                {
                    errors.Add($"{at}:Jwks is not a JSON Web Key Set");
                }
            }
        }
        foreach (var twice in options.Clients.GroupBy(c => c.Issuer, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add($"CdsHooks:Clients: issuer '{twice.Key}' is listed more than once");
        foreach (var origin in options.CorsOrigins.Where(o => !Uri.TryCreate(o, UriKind.Absolute, out _)))
            errors.Add($"CdsHooks:CorsOrigins: '{origin}' is not an absolute origin");
        if (!IsHttpUrl(options.SmartAppLaunchUrl))
            errors.Add("CdsHooks:SmartAppLaunchUrl must be an absolute http(s) URL (the app's launch URL the cards link to)");
        if (options.PublicBaseUrl is not null && !IsHttpUrl(options.PublicBaseUrl))
            errors.Add("CdsHooks:PublicBaseUrl must be an absolute http(s) URL");
        if (!IsHttpUrl(options.SourceUrl))
            errors.Add("CdsHooks:SourceUrl must be an absolute http(s) URL");
        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
            errors.Add("CdsHooks:ClockSkew must be 0 to 5 minutes");
        if (options.MaxTokenLifetime < TimeSpan.FromSeconds(10) || options.MaxTokenLifetime > TimeSpan.FromHours(1))
            errors.Add("CdsHooks:MaxTokenLifetime must be 10 s to 1 h");
        if (options.RecentResponses is < 1 or > 100)
            errors.Add("CdsHooks:RecentResponses must be 1–100");
        if (options.FhirFetchTimeout < TimeSpan.FromSeconds(1) || options.FhirFetchTimeout > TimeSpan.FromMinutes(1))
            errors.Add("CdsHooks:FhirFetchTimeout must be 1 s to 1 min");
        if (!Enum.IsDefined(options.AcknowledgedSafetyCards))
            errors.Add("CdsHooks:AcknowledgedSafetyCards must be Keep or Drop");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp);
}
