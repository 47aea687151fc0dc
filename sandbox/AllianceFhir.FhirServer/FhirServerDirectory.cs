namespace AllianceFhir.FhirServer;

/// <summary>
/// Where the test FHIR server's folder (the one holding <c>server.mjs</c> and its package-lock.json) is: the
/// configuration key <c>FhirServer:Directory</c> (environment <c>FhirServer__Directory</c>) when set; else
/// <c>fhir-server</c> next to the app; else <c>sandbox/fhir-server</c> in the repository the app runs from. Nothing
/// found is an error naming the key, so an app run outside a checkout says what to set.
/// </summary>
public static class FhirServerDirectory
{
    public const string ConfigurationKey = "FhirServer:Directory";

    /// <summary>The same key as an environment variable (how the bench and the test fixtures are pointed elsewhere).</summary>
    public const string EnvironmentVariable = "FhirServer__Directory";

    private const string EntryPoint = "server.mjs";
    private const string SolutionFile = "AllianceFhir.sln";

    /// <param name="configured">The configured folder (<see cref="ConfigurationKey"/>); null reads <see cref="EnvironmentVariable"/>, then looks next to the app and in the repository.</param>
    /// <exception cref="InvalidOperationException">The configured folder has no server.mjs, or none was configured and none was found.</exception>
    public static string Find(string? configured = null) =>
        Find(configured ?? Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory, Directory.GetCurrentDirectory());

    /// <summary><see cref="Find(string?)"/> with the places to look from given (for tests).</summary>
    public static string Find(string? configured, params string[] lookFrom)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var folder = Path.GetFullPath(configured);
            return File.Exists(Path.Combine(folder, EntryPoint))
                ? folder
                : throw new InvalidOperationException($"{ConfigurationKey} is '{configured}', which has no {EntryPoint}: set it to the test FHIR server's folder (sandbox/fhir-server in the repository).");
        }

        var candidates = lookFrom.Select(start => Path.Combine(start, "fhir-server"))
            .Concat(lookFrom.Select(FindRepositoryRoot).OfType<string>().Select(root => Path.Combine(root, "sandbox", "fhir-server")))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, EntryPoint)))
            ?? throw new InvalidOperationException(
                $"The test FHIR server ({EntryPoint}) was not found: set {ConfigurationKey} (environment {EnvironmentVariable}) to its folder " +
                $"(sandbox/fhir-server in the repository). Looked in: {string.Join(", ", candidates)}.");
    }

    /// <summary>The folder holding AllianceFhir.sln above the app or the current directory; null outside a checkout.</summary>
    public static string? FindRepositoryRoot() =>
        new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() }.Select(FindRepositoryRoot).FirstOrDefault(r => r is not null);

    private static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
        }
        return null;
    }
}
