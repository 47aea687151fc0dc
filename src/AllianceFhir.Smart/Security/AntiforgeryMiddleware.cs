using Microsoft.AspNetCore.Antiforgery;

namespace AllianceFhir.Smart.Security;

/// <summary>
/// Unsafe methods under <c>/api</c> and on <c>/signout</c> need the ASP.NET Core antiforgery token, in the
/// <c>X-CSRF-TOKEN</c> header or (for the sign-out form) the <c>__RequestVerificationToken</c> form field (the app
/// shell reads it from <c>GET /api/context</c>); checked before routing binds any body.
/// </summary>
public static class AntiforgeryMiddleware
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public static IApplicationBuilder UseSmartAntiforgery(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var method = context.Request.Method;
        if ((context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments(Launch.SmartAuthenticationDefaults.SignOutPath))
            && !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
            && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            await ApiProblems.AntiforgeryAsync(context);
            return;
        }
        await next();
    });
}
