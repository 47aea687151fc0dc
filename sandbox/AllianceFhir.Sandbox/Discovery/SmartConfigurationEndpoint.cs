using AllianceFhir.Sandbox.Hosting;

namespace AllianceFhir.Sandbox.Discovery;

/// <summary>
/// <c>{iss}/.well-known/smart-configuration</c> (SMART App Launch 2.2 §"Conformance": the fields and capability names
/// are the spec's) and the style sheet the token response points at. Both anonymous.
/// </summary>
internal static class SmartConfigurationEndpoint
{
    public static readonly string[] Capabilities =
    [
        "launch-ehr", "launch-standalone", "client-public", "client-confidential-symmetric", "client-confidential-asymmetric",
        "context-ehr-patient", "context-ehr-encounter", "context-standalone-patient", "sso-openid-connect",
        "permission-offline", "permission-online", "permission-patient", "permission-user", "permission-v2", "permission-v1",
        "authorize-post", "context-banner", "context-style",
    ];

    public static IEndpointRouteBuilder MapSmartConfiguration(this IEndpointRouteBuilder app)
    {
        app.MapGet("/fhir/.well-known/smart-configuration", (SandboxUrls urls) => Results.Json(Document(urls)));
        // Apps fetch the style from the browser (SMART App Launch 2.2, "Styling"): a public file, readable cross-origin.
        app.MapGet("/smart-style.json", (HttpContext context) =>
        {
            context.Response.Headers.AccessControlAllowOrigin = "*";
            return Results.Json(Style);
        });
        return app;
    }

    private static readonly Dictionary<string, object> Style = new()
    {
        ["color_background"] = "#ffffff",
        ["color_error"] = "#b00020",
        ["color_highlight"] = "#1d3b5a",
        ["color_modal_backdrop"] = "",
        ["color_success"] = "#2e7d32",
        ["color_text"] = "#1b1b1b",
        ["dim_border_radius"] = "4px",
        ["dim_font_size"] = "16px",
        ["dim_spacing_size"] = "16px",
        ["font_family_body"] = "system-ui, sans-serif",
        ["font_family_heading"] = "system-ui, sans-serif",
    };

    public static Dictionary<string, object> Document(SandboxUrls urls) => new()
    {
        ["issuer"] = urls.BaseUrl + "/",
        ["jwks_uri"] = urls.JwksUri,
        ["authorization_endpoint"] = urls.AuthorizationEndpoint,
        ["token_endpoint"] = urls.TokenEndpoint,
        ["revocation_endpoint"] = urls.RevocationEndpoint,
        ["grant_types_supported"] = new[] { "authorization_code", "refresh_token", "client_credentials" },
        ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post", "private_key_jwt" },
        ["token_endpoint_auth_signing_alg_values_supported"] = new[] { "RS384", "ES384" },
        ["scopes_supported"] = new[]
        {
            "openid", "fhirUser", "launch", "launch/patient", "offline_access", "online_access",
            "patient/*.cruds", "user/*.cruds", "system/*.cruds", "patient/*.rs", "user/*.rs", "system/*.rs",
        },
        ["response_types_supported"] = new[] { "code" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["capabilities"] = Capabilities,
    };
}
