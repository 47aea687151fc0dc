using System.Security.Claims;
using AllianceFhir.Sandbox.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AllianceFhir.Sandbox.Authorization;

/// <summary>
/// Lets SMART Backend Services client assertions through OpenIddict 7.8's token validation. Since 7.0 OpenIddict follows
/// RFC 7523bis (RFC 10070): an assertion must be typed <c>client-authentication+jwt</c> and addressed to the issuer.
/// SMART Backend Services 2.2 asks clients for <c>aud</c> = the token URL and no particular <c>typ</c> (so clients send
/// "JWT" or none), which OpenIddict refuses. For those assertions this handler validates the signature against the
/// client's registered JWKS with OpenIddict's own validation parameters (only the accepted <c>typ</c> widened), and
/// adds the token URL to the accepted audiences; OpenIddict's later handlers still check expiry and audience, and
/// <see cref="SmartClientAssertionRules"/> then applies SMART's own rules.
/// </summary>
internal sealed class SmartClientAssertionFormat(SandboxUrls urls) : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<SmartClientAssertionFormat>()
            .SetOrder(OpenIddictServerHandlers.Protection.ValidateIdentityModelToken.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (context.Principal is not null || context.ValidTokenTypes.Count != 1
            || !context.ValidTokenTypes.Contains(TokenTypeIdentifiers.Private.ClientAssertion))
            return;
        context.ValidAudiences.Add(urls.TokenEndpoint);
        if (string.IsNullOrEmpty(context.Token) || !context.SecurityTokenHandler.CanReadToken(context.Token)) return;
        if (new JsonWebToken(context.Token).Typ is not (null or "" or "JWT")) return; // explicitly typed: OpenIddict's own path

        var parameters = context.TokenValidationParameters.Clone();
        parameters.ValidTypes = ["JWT"];
        var result = await context.SecurityTokenHandler.ValidateTokenAsync(context.Token, parameters);
        if (!result.IsValid)
        {
            context.Reject(Errors.InvalidClient, "The client assertion's signature does not match any key the client registered.");
            return;
        }
        if (!new JsonWebToken(context.Token).Audiences.Any(a => string.Equals(a.TrimEnd('/'), urls.TokenEndpoint, StringComparison.Ordinal)))
        {
            context.Reject(Errors.InvalidClient, $"The client assertion's aud must be the token URL {urls.TokenEndpoint}.");
            return;
        }
        context.Principal = new ClaimsPrincipal(result.ClaimsIdentity).SetTokenType(TokenTypeIdentifiers.Private.ClientAssertion);
    }
}
