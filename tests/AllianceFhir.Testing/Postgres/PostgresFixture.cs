using AllianceFhir.ThrowawayPostgres;
using Xunit;

namespace AllianceFhir.Testing.Postgres;

/// <summary>
/// xunit class or collection fixture owning one throwaway <see cref="PostgresCluster"/>: started before the
/// first test, stopped and deleted after the last. Create a fresh database per test class so tests don't interfere.
/// </summary>
public class PostgresFixture : IAsyncLifetime
{
    private PostgresCluster? cluster;

    public PostgresCluster Cluster => cluster ?? throw new InvalidOperationException("the PostgreSQL fixture has not been started");

    public string ConnectionString(string database = "postgres") => Cluster.ConnectionString(database);

    public Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default) =>
        Cluster.CreateDatabaseAsync(name, cancellationToken);

    public async Task InitializeAsync() => cluster = await PostgresCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (cluster is not null) await cluster.DisposeAsync();
    }
}
