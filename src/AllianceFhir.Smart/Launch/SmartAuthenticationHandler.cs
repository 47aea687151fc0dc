using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AllianceFhir.Smart.Session;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Smart.Launch;

/// <summary>
/// SMART App Launch 2.2 on ASP.NET Core's OAuth handler. The base class keeps the protocol plumbing (a 256-bit
/// correlation id inside the Data-Protection-protected state, bound to this browser by the correlation cookie; the
/// callback endpoint; ticket creation). This class adds, per launch: discovery of the iss's smart-configuration
/// (challenge), <c>aud</c>, <c>launch</c>, <c>nonce</c> and PKCE S256 (authorize URL), the EHR's own token endpoint and
/// client authentication plus one redemption per state (code exchange), and the id_token check and SMART launch
/// context (ticket).
/// </summary>
internal sealed class SmartAuthenticationHandler(
    IOptionsMonitor<SmartAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    EhrRegistry registry,
    SmartDiscovery discovery,
    SmartTokenClient tokenClient,
    IdTokenValidator idTokens,
    StateReplayGuard replayGuard,
    EhrAlertChannels alertChannels)
    : OAuthHandler<SmartAuthenticationOptions>(options, logger, encoder)
{
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var iss = properties.Items.TryGetValue(SmartAuthenticationDefaults.IssKey, out var i) ? i : null;
        if (!registry.TryFind(iss, out _))
            throw new SmartLaunchException("A SMART challenge needs an allowed iss; start at " + SmartAuthenticationDefaults.LaunchPath);
        var config = await discovery.GetConfigurationAsync(iss!, Context.RequestAborted);
        properties.Items[SmartAuthenticationDefaults.AuthorizeEndpointKey] = config.AuthorizationEndpoint;
        properties.Items[SmartAuthenticationDefaults.TokenEndpointKey] = config.TokenEndpoint;
        properties.Items[SmartAuthenticationDefaults.IssuerKey] = config.Issuer;
        properties.Items[SmartAuthenticationDefaults.JwksUriKey] = config.JwksUri;
        if (IsHttpUrl(config.RevocationEndpoint)) properties.Items[SmartAuthenticationDefaults.RevocationEndpointKey] = config.RevocationEndpoint;
        if (!properties.Items.ContainsKey(SmartAuthenticationDefaults.LaunchKey)) properties.Items[SmartAuthenticationDefaults.StandaloneKey] = "true";
        if (config.Capabilities is { } capabilities) properties.Items[SmartAuthenticationDefaults.CapabilitiesKey] = string.Join(' ', capabilities);
        // The scopes depend on the alert channel the EHR takes; its CapabilityStatement is read here (cached), before the authorize URL.
        properties.Items[SmartAuthenticationDefaults.AlertChannelsKey] = string.Join(' ', await alertChannels.ForAsync(iss!, Context.RequestAborted));
        properties.Items[SmartAuthenticationDefaults.NonceKey] = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        if (string.IsNullOrEmpty(properties.RedirectUri)) properties.RedirectUri = "/";
        await base.HandleChallengeAsync(properties);
    }

    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri)
    {
        var items = properties.Items;
        var iss = items[SmartAuthenticationDefaults.IssKey]!;
        registry.TryFind(iss, out var ehr);
        var launch = items.TryGetValue(SmartAuthenticationDefaults.LaunchKey, out var l) ? l : null;
        var capabilities = items.Remove(SmartAuthenticationDefaults.CapabilitiesKey, out var c) && c is not null ? c.Split(' ') : null;
        var channels = items.Remove(SmartAuthenticationDefaults.AlertChannelsKey, out var a) && a is not null
            ? a.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<Core.Alerts.AlertChannel>).ToList()
            : [];
        var scope = items.ContainsKey(SmartAuthenticationDefaults.PatientFacingKey)
            ? SmartLaunchScopes.ForPatient(ehr, standalone: launch is null, channels, capabilities)
            : SmartLaunchScopes.For(ehr, standalone: launch is null, channels, capabilities);
        // Kept in the state: the scope the EHR may refuse (invalid_scope page) and the grant when the token response omits scope.
        items[SmartAuthenticationDefaults.ScopeKey] = scope;

        // PKCE (RFC 7636 §4.1–4.2): a 256-bit verifier kept in the protected state, its SHA-256 sent as S256.
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        items[OAuthConstants.CodeVerifierKey] = verifier;
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

        var parameters = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = ehr.ClientId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["aud"] = iss,
            [OAuthConstants.CodeChallengeKey] = challenge,
            [OAuthConstants.CodeChallengeMethodKey] = OAuthConstants.CodeChallengeMethodS256,
            ["nonce"] = items[SmartAuthenticationDefaults.NonceKey],
        };
        if (launch is not null) parameters["launch"] = launch;
        parameters["state"] = Options.StateDataFormat.Protect(properties);
        return QueryHelpers.AddQueryString(items[SmartAuthenticationDefaults.AuthorizeEndpointKey]!, parameters);
    }

    protected override async Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context)
    {
        var items = context.Properties.Items;
        if (!items.TryGetValue(SmartAuthenticationDefaults.NonceKey, out var nonce) || nonce is null
            || !await replayGuard.TryRedeemAsync(nonce, Context.RequestAborted))
            return OAuthTokenResponse.Failed(new SmartLaunchException("This sign-in response was already used."));
        if (!registry.TryFind(context.Properties.GetString(SmartAuthenticationDefaults.IssKey), out var ehr)
            || !Uri.TryCreate(context.Properties.GetString(SmartAuthenticationDefaults.TokenEndpointKey), UriKind.Absolute, out var tokenEndpoint))
            return OAuthTokenResponse.Failed(new SmartLaunchException("The launch's EHR is no longer allowed."));
        items.Remove(OAuthConstants.CodeVerifierKey, out var verifier);

        var response = await tokenClient.ExchangeCodeAsync(ehr, tokenEndpoint, context.Code, context.RedirectUri, verifier, Context.RequestAborted);
        if (response.IsError || response.Raw is null)
        {
            var failure = new SmartLaunchException($"The EHR's token endpoint refused the code ({response.Error ?? "HTTP " + (int)response.HttpStatusCode}).", response.Exception);
            // As the base handler does for an authorize error: the EHR's own words, for the sign-in failure page.
            failure.Data["error"] = response.Error;
            failure.Data["error_description"] = response.ErrorDescription;
            return OAuthTokenResponse.Failed(failure);
        }
        return OAuthTokenResponse.Success(JsonDocument.Parse(response.Raw));
    }

    protected override async Task<AuthenticationTicket> CreateTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        try
        {
            return await CreateSmartTicketAsync(identity, properties, tokens);
        }
        catch (SmartLaunchException e)
        {
            // The base handler reports an exception from here without the properties: keep what the failure page needs.
            e.Data[SmartAuthenticationDefaults.StandaloneKey] = properties.Items.ContainsKey(SmartAuthenticationDefaults.StandaloneKey) ? "true" : "false";
            e.Data[SmartAuthenticationDefaults.IssKey] = properties.GetString(SmartAuthenticationDefaults.IssKey);
            throw;
        }
    }

    private async Task<AuthenticationTicket> CreateSmartTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        var items = properties.Items;
        var response = tokens.Response!.RootElement;
        var iss = items[SmartAuthenticationDefaults.IssKey]!;
        registry.TryFind(iss, out var ehr);

        string? fhirUser = null;
        if (response.TryGetProperty("id_token", out var idTokenElement) && idTokenElement.GetString() is { Length: > 0 } idToken)
        {
            var issuer = properties.GetString(SmartAuthenticationDefaults.IssuerKey);
            var jwks = properties.GetString(SmartAuthenticationDefaults.JwksUriKey);
            if (string.IsNullOrEmpty(issuer) || string.IsNullOrEmpty(jwks))
                throw new SmartLaunchException("The EHR sent an id_token but its SMART configuration names no issuer or jwks_uri to check it with.");
            var token = await idTokens.ValidateAsync(idToken, issuer, jwks, ehr.ClientId!, items[SmartAuthenticationDefaults.NonceKey]!, Context.RequestAborted);
            fhirUser = token.TryGetPayloadValue<string>("fhirUser", out var u) ? u : null;
            identity.AddClaim(new Claim("sub", token.Subject ?? ""));
            if (fhirUser is not null) identity.AddClaim(new Claim("fhirUser", fhirUser));
        }

        var launchContext = SmartTokenContext.Read(response, new Uri(EhrRegistry.Normalise(iss)), fhirUser, properties.GetString(SmartAuthenticationDefaults.ScopeKey));
        identity.AddClaim(new Claim("patient", launchContext.PatientId));
        items[SmartAuthenticationDefaults.ContextKey] = StoredLaunchContext.Serialize(launchContext);
        foreach (var key in new[] { SmartAuthenticationDefaults.NonceKey, SmartAuthenticationDefaults.AuthorizeEndpointKey, SmartAuthenticationDefaults.JwksUriKey, SmartAuthenticationDefaults.LaunchKey, SmartAuthenticationDefaults.ScopeKey })
            items.Remove(key);
        // A new sign-in never continues an old session (session fixation): the ticket store drops whatever session this
        // browser's cookie names, so the cookie handler stores this ticket under a fresh key.
        Context.Items[DistributedTicketStore.SignInItem] = true;
        return await base.CreateTicketAsync(identity, properties, tokens);
    }

    private static bool IsHttpUrl(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp);
}
