using AllianceFhir.Sandbox.Hosting;
using Microsoft.EntityFrameworkCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AllianceFhir.Sandbox.Authorization;

internal static class AuthorizationServiceCollectionExtensions
{
    /// <summary>
    /// OpenIddict as a SMART authorization server: code + PKCE S256 (plain refused), refresh tokens, client_credentials
    /// with private_key_jwt; access tokens are signed, unencrypted JWTs for the FHIR proxy. Keys are ephemeral (a
    /// restart invalidates every token), which is what a sandbox wants. Scopes are checked by SMART syntax, not by a list.
    /// </summary>
    public static IServiceCollection AddSandboxAuthorization(this IServiceCollection services, SandboxUrls urls)
    {
        var database = "sandbox-" + Guid.NewGuid().ToString("n");
        services.AddDbContext<SandboxDbContext>(options =>
        {
            options.UseInMemoryDatabase(database);
            options.UseOpenIddict();
        });
        services.AddSingleton<LaunchStore>();
        services.AddSingleton<ClientRegistrar>();

        services.AddOpenIddict()
            .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<SandboxDbContext>())
            .AddServer(options =>
            {
                options.SetIssuer(new Uri(urls.BaseUrl + "/"));
                options.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetRevocationEndpointUris("connect/revoke")
                    .SetJsonWebKeySetEndpointUris(".well-known/jwks");
                options.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
                options.RequireProofKeyForCodeExchange();
                options.DisableScopeValidation();
                options.IgnoreScopePermissions();
                options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                options.DisableAccessTokenEncryption();
                options.Configure(o =>
                {
                    o.CodeChallengeMethods.Clear();
                    o.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
                });
                options.AddEventHandler(SmartClientAssertionFormat.Descriptor);
                options.AddEventHandler(SmartClientAssertionRules.Descriptor);
                options.AddEventHandler(RefreshForOnlineAccess.Descriptor);
                options.AddEventHandler(TokenRequestLog.Descriptor);
                options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .DisableTransportSecurityRequirement(); // loopback http only
            })
            .AddValidation(options =>
            {
                options.UseLocalServer();
                // A revoked access token (RFC 7009 at connect/revoke, or an administrator) is refused at once, as an EHR does.
                options.EnableTokenEntryValidation();
                options.AddAudiences(urls.FhirBaseUrl);
                options.UseAspNetCore();
            });
        services.AddAuthorization();
        return services;
    }
}
