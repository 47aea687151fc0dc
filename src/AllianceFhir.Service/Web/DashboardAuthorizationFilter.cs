using Hangfire.Dashboard;

namespace AllianceFhir.Service.Web;

/// <summary>
/// The dashboard's own gate, after ASP.NET's: an authenticated operator, or — only in Development and only from
/// loopback — anyone, so a developer can look without setting up credentials.
/// </summary>
public sealed class DashboardAuthorizationFilter(bool developmentLoopbackOpen) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (http.User.Identity?.IsAuthenticated == true) return true;
        return developmentLoopbackOpen && http.Connection.RemoteIpAddress is { } ip && System.Net.IPAddress.IsLoopback(ip);
    }
}
