using AllianceFhir.Smart.Launch;
using Microsoft.AspNetCore.Authentication;

namespace AllianceFhir.Smart.Session;

/// <summary>After authentication: puts the request's <see cref="ISmartSession"/> into <c>HttpContext.Features</c>.</summary>
public static class SmartSessionMiddleware
{
    public static IApplicationBuilder UseSmartSession(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            var result = await context.AuthenticateAsync(SmartAuthenticationDefaults.CookieScheme);
            if (result.Succeeded && StoredLaunchContext.Deserialize(result.Properties?.GetString(SmartAuthenticationDefaults.ContextKey)) is { } launch)
            {
                var services = context.RequestServices;
                context.Features.Set<ISmartSession>(new SmartSession(launch, context,
                    services.GetRequiredService<SmartSessionTokens>(), services.GetRequiredService<IHttpMessageHandlerFactory>()));
            }
        }
        await next();
    });
}
