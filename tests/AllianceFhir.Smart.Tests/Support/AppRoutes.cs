using System.Reflection;
using System.Text.RegularExpressions;
using AllianceFhir.Smart.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AllianceFhir.Smart.Tests.Support;

/// <summary>
/// Every route the app maps, read from its <see cref="EndpointDataSource"/>, so a route added later is attacked by the
/// same tests without anyone listing it.
/// </summary>
public static partial class AppRoutes
{
    public sealed record Route(string Method, string Template, RouteEndpoint Endpoint)
    {
        public bool IsUnsafe => !(HttpMethods.IsGet(Method) || HttpMethods.IsHead(Method) || HttpMethods.IsOptions(Method) || HttpMethods.IsTrace(Method));

        /// <summary>Guarded by the launch-patient policy (401 without a session, 403 for another patient).</summary>
        public bool IsPatientGuarded => Endpoint.Metadata.OfType<IAuthorizeData>().Any(a => a.Policy == LaunchPatientRequirement.Policy);

        /// <summary>Route values and handler parameters, by name.</summary>
        public IEnumerable<string> ParameterNames =>
            Endpoint.RoutePattern.Parameters.Select(p => p.Name)
                .Concat(Endpoint.Metadata.OfType<MethodInfo>().SelectMany(m => m.GetParameters()).Select(p => p.Name ?? ""));

        /// <summary>The template with the given values for its parameters ("x" for any not given).</summary>
        public string Fill(IReadOnlyDictionary<string, string> values) =>
            "/" + Parameter().Replace(Template.TrimStart('/'), m =>
            {
                var name = m.Groups[1].Value.TrimStart('*').Split(':', '=', '?')[0];
                return Uri.EscapeDataString(values.GetValueOrDefault(name, "x"));
            });
    }

    /// <summary>Every (method, route) pair; a route without method metadata answers any method, so it is listed as GET and POST.</summary>
    public static IReadOnlyList<Route> All(AppUnderTest app) =>
        app.App.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : ["GET", "POST"])
                .Select(m => new Route(m, e.RoutePattern.RawText ?? "", e)))
            .OrderBy(r => r.Template, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex Parameter();
}
