using System.Globalization;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AllianceFhir.Sandbox.Authorization;

/// <summary>Turns a <see cref="SandboxClient"/> into an OpenIddict application (permissions, PKCE requirement, keys).</summary>
internal sealed class ClientRegistrar(IServiceScopeFactory scopes)
{
    public async Task RegisterAsync(SandboxClient client, CancellationToken cancellationToken)
    {
        client.Validate();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            DisplayName = client.ClientId,
            ClientType = client.Type == SandboxClientType.Public ? ClientTypes.Public : ClientTypes.Confidential,
            ClientSecret = client.Type == SandboxClientType.Symmetric ? client.ClientSecret : null,
        };
        if (client.JsonWebKeySet is { } jwks) descriptor.JsonWebKeySet = new JsonWebKeySet(jwks);
        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        if (client.Type == SandboxClientType.Backend)
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }
        else
        {
            descriptor.Permissions.UnionWith([
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
            ]);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            foreach (var uri in client.RedirectUris) descriptor.RedirectUris.Add(new Uri(uri));
        }
        if (client.AccessTokenLifetime is { } lifetime)
        {
            descriptor.Settings[Settings.TokenLifetimes.AccessToken] = lifetime.ToString("c", CultureInfo.InvariantCulture);
        }

        await using var scope = scopes.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        if (await applications.FindByClientIdAsync(client.ClientId, cancellationToken) is { } existing)
        {
            await applications.DeleteAsync(existing, cancellationToken); // re-registering replaces
        }
        await applications.CreateAsync(descriptor, cancellationToken);
    }
}
