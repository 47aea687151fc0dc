using AllianceFhir.State;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AllianceFhir.Service.Web;

/// <summary>Ready when the state database answers.</summary>
public sealed class StateHealthCheck(StateDatabase db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var c = await db.OpenAsync(cancellationToken);
            await using var command = c.CreateCommand();
            command.CommandText = "select 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("state database unreachable");
        }
    }
}
