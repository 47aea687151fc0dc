using System.Diagnostics;

namespace AllianceFhir.FhirServer;

/// <summary>
/// Node.js for the test FHIR server: finds node and npm on PATH (a missing one is a failure naming the install
/// command, never a skip) and runs <c>npm ci</c> when the server's node_modules is missing or older than its lock file.
/// </summary>
public static class NodeRuntime
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(12);

    /// <summary>The node executable on <paramref name="pathVariable"/> (default: this process's PATH).</summary>
    /// <exception cref="InvalidOperationException">node is not there: the message names the install command.</exception>
    public static string LocateNode(string? pathVariable = null) =>
        Locate("node", pathVariable) ?? throw Missing("node", "apt-get install nodejs");

    public static string LocateNpm(string? pathVariable = null) =>
        Locate("npm", pathVariable) ?? throw Missing("npm", "apt-get install nodejs npm");

    /// <summary>True when <c>npm ci</c> has run in <paramref name="packageFolder"/> since package-lock.json last changed.</summary>
    public static bool PackagesAreInstalled(string packageFolder)
    {
        var installed = new FileInfo(Path.Combine(packageFolder, "node_modules", ".package-lock.json"));
        var lockFile = new FileInfo(Path.Combine(packageFolder, "package-lock.json"));
        return installed.Exists && installed.LastWriteTimeUtc >= lockFile.LastWriteTimeUtc;
    }

    /// <summary>Runs <c>npm ci</c> unless the packages are installed; one install at a time across processes.</summary>
    public static async Task EnsurePackagesAsync(string packageFolder, CancellationToken cancellationToken = default)
    {
        if (PackagesAreInstalled(packageFolder)) return;
        await using var installLock = await AcquireLockAsync(packageFolder, cancellationToken);
        if (PackagesAreInstalled(packageFolder)) return; // another process installed them while we waited

        var npm = LocateNpm();
        var start = new ProcessStartInfo(npm)
        {
            WorkingDirectory = packageFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund" }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {npm}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(InstallTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"npm ci in {packageFolder} did not finish within {InstallTimeout}.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"npm ci in {packageFolder} failed with exit code {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }

    private static InvalidOperationException Missing(string part, string howToInstall) =>
        new($"{part} is not available. Install it with: {howToInstall}");

    private static string? Locate(string name, string? pathVariable)
    {
        var path = pathVariable ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        var names = OperatingSystem.IsWindows() ? new[] { name + ".exe", name + ".cmd" } : new[] { name };
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in names.Select(n => Path.Combine(dir, n)))
            {
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    /// <summary>
    /// An exclusively opened file in the temp folder (not in the work tree), keyed by the package folder. It is left
    /// in place: deleting it on close would let two waiters lock two different files.
    /// </summary>
    private static async Task<FileStream> AcquireLockAsync(string packageFolder, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(packageFolder))))[..16];
        var lockPath = Path.Combine(Path.GetTempPath(), $"alliancefhir-npm-ci-{key}.lock");
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
    }
}
