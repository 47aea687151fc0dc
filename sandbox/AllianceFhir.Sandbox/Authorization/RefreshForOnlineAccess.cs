using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AllianceFhir.Sandbox.Authorization;

/// <summary>
/// SMART's <c>online_access</c> asks for a refresh token like <c>offline_access</c> does (App Launch 2.2 §"Scopes for
/// requesting a refresh token"); OpenIddict only issues one for offline_access, so ask it to for online_access too.
/// </summary>
internal sealed class RefreshForOnlineAccess : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseSingletonHandler<RefreshForOnlineAccess>()
            .SetOrder(OpenIddictServerHandlers.EvaluateGeneratedTokens.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        if (context.EndpointType == OpenIddictServerEndpointType.Token
            && context.Principal?.HasScope("online_access") == true
            && !context.Request.IsClientCredentialsGrantType())
        {
            context.GenerateRefreshToken = true;
            context.IncludeRefreshToken = true;
        }
        return default;
    }
}
