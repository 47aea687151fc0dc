using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace AllianceFhir.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster (Debian's server via <c>scripts/postgres.sh</c>) in a fresh temp folder on a
/// free loopback port. Give each test class its own database with <see cref="CreateDatabaseAsync"/>; disposing
/// stops the server and deletes the folder. Missing server binaries fail the test (see <see cref="RealPart"/>).
/// </summary>
public sealed partial class PostgresCluster : IAsyncDisposable
{
    public const string Superuser = "postgres";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);
    private const int StartAttempts = 3;
    private const string DirectoryPrefix = "alliancefhir-pg-";
    private const string OwnerFile = "owner.pid";

    private readonly HashSet<string> handedOut = [];
    private int disposed;

    private PostgresCluster(string directory, int port, TimeSpan startTime)
    {
        Directory = directory;
        Port = port;
        StartTime = startTime;
    }

    /// <summary>The cluster's folder: data/ (PGDATA), run/ (unix socket), postgres.log.</summary>
    public string Directory { get; }

    public int Port { get; }

    /// <summary>How long initdb plus start until the server accepted connections took.</summary>
    public TimeSpan StartTime { get; }

    public string LogFile => Path.Combine(Directory, "postgres.log");

    /// <summary>Starts a new cluster. <paramref name="serverBinaries"/> picks a server folder (PG_BINDIR); by default the newest Debian one.</summary>
    public static async Task<PostgresCluster> StartAsync(string? serverBinaries = null, CancellationToken cancellationToken = default)
    {
        await StopOrphansAsync();
        var directory = System.IO.Directory.CreateTempSubdirectory(DirectoryPrefix).FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture), cancellationToken);
            var stopwatch = Stopwatch.StartNew();
            for (var attempt = 1; ; attempt++)
            {
                var port = FreeLoopbackPort();
                var result = await PostgresScript.RunAsync(["start", directory, port.ToString(CultureInfo.InvariantCulture)],
                    serverBinaries, StartTimeout, cancellationToken);
                if (result.ExitCode == PostgresScript.ServerMissingExitCode)
                    throw RealPart.Missing("PostgreSQL server", "scripts/setup.sh (apt-get install postgresql)");
                if (result.ExitCode == 0 && ReadyLine().Match(result.Stdout) is { Success: true } ready
                    && int.Parse(ready.Groups["port"].Value, CultureInfo.InvariantCulture) == port)
                    return new PostgresCluster(directory, port, stopwatch.Elapsed);
                // Another process may have taken the free port between our probe and the server's bind: try another.
                if (attempt < StartAttempts && result.Output.Contains("already in use", StringComparison.OrdinalIgnoreCase)) continue;
                throw new InvalidOperationException($"scripts/postgres.sh start failed (exit {result.ExitCode}):\n{result.Output}");
            }
        }
        catch
        {
            await StopAndDeleteAsync(directory);
            throw;
        }
    }

    /// <summary>Connection string for <paramref name="database"/> as the trusted superuser over 127.0.0.1.</summary>
    public string ConnectionString(string database = "postgres")
    {
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = Superuser,
            Database = database,
            IncludeErrorDetail = true,
            Timeout = 15,
        }.ConnectionString;
        lock (handedOut) handedOut.Add(connectionString);
        return connectionString;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!DatabaseName().IsMatch(name))
            throw new ArgumentException($"database name '{name}' must be lower-case letters, digits and '_', starting with a letter or '_', at most 63 characters", nameof(name));
        await using (var connection = new NpgsqlConnection(ConnectionString()))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"create database \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return ConnectionString(name);
    }

    /// <summary>
    /// Stops the server (fast shutdown: open connections are ended) and starts it again on the same port and data, as an
    /// operator's restart or a failover would; clients see their connections fail while it is down.
    /// </summary>
    public async Task RestartAsync(TimeSpan downFor, CancellationToken cancellationToken = default)
    {
        var stop = await PostgresScript.RunAsync(["stop", Directory], null, StopTimeout, cancellationToken);
        if (stop.ExitCode != 0) throw new InvalidOperationException($"scripts/postgres.sh stop failed (exit {stop.ExitCode}):\n{stop.Output}");
        await Task.Delay(downFor, cancellationToken);
        var start = await PostgresScript.RunAsync(["start", Directory, Port.ToString(CultureInfo.InvariantCulture)], null, StartTimeout, cancellationToken);
        if (start.ExitCode != 0) throw new InvalidOperationException($"scripts/postgres.sh start failed (exit {start.ExitCode}):\n{start.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        string[] connectionStrings;
        lock (handedOut) connectionStrings = [.. handedOut];
        // Close idle pooled connections first, so nothing later picks up a connection to a dead server.
        foreach (var connectionString in connectionStrings)
        {
            using var connection = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(connection);
        }
        await StopAndDeleteAsync(Directory);
    }

    private static async Task StopAndDeleteAsync(string directory)
    {
        try
        {
            var result = await PostgresScript.RunAsync(["stop", directory], null, StopTimeout, CancellationToken.None);
            if (result.ExitCode != 0) KillPostmaster(directory);
        }
        catch (TimeoutException)
        {
            KillPostmaster(directory);
        }
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>
    /// Stops and deletes clusters left behind by test processes that died before disposing them (pg_ctl daemonizes
    /// the server, so it outlives a killed test host). Only folders of ours whose owning process is gone.
    /// </summary>
    private static async Task StopOrphansAsync()
    {
        foreach (var directory in System.IO.Directory.EnumerateDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            var ownerFile = Path.Combine(directory, OwnerFile);
            if (!File.Exists(ownerFile) || !int.TryParse(File.ReadAllText(ownerFile), out var owner) || IsRunning(owner)) continue;
            try
            {
                await StopAndDeleteAsync(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // another test process is cleaning it up at the same time, or it is not ours to delete
            }
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Last resort when pg_ctl could not stop it: end the postmaster by the id in its pid file.</summary>
    private static void KillPostmaster(string directory)
    {
        var pidFile = Path.Combine(directory, "data", "postmaster.pid");
        if (!File.Exists(pidFile)) return;
        if (!int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid)) return;
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (ArgumentException)
        {
            // already gone
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^postgres ready on 127\.0\.0\.1:(?<port>\d+)$", RegexOptions.Multiline)]
    private static partial Regex ReadyLine();

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
