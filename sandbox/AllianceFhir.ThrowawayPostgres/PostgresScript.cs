using System.Diagnostics;

namespace AllianceFhir.ThrowawayPostgres;

/// <summary>Runs <c>scripts/postgres.sh</c> from the repository (found by walking up to AllianceFhir.sln).</summary>
internal static class PostgresScript
{
    /// <summary>The script's exit code when no PostgreSQL server binaries are installed.</summary>
    public const int ServerMissingExitCode = 69;

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => $"{Stdout}{Stderr}".Trim();
    }

    public static string Path { get; } = System.IO.Path.Combine(FindRepositoryRoot(), "scripts", "postgres.sh");

    public static async Task<Result> RunAsync(IReadOnlyList<string> args, string? serverBinaries, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        if (serverBinaries is not null) start.Environment["PG_BINDIR"] = serverBinaries;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        process.StandardInput.Close();
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeoutSource.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeoutSource.Token);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
            return new Result(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/postgres.sh {string.Join(' ', args)} did not finish in {timeout.TotalSeconds:0}s");
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "AllianceFhir.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"AllianceFhir.sln not found above {AppContext.BaseDirectory}");
    }
}
