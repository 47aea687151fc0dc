namespace AllianceFhir.Testing;

/// <summary>
/// What a test does when a real part (FHIR server, PostgreSQL, Chromium) is missing: with CI=true it fails,
/// never skips; on a developer machine it fails too, with the command that installs the part.
/// </summary>
public static class RealPart
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static Exception Missing(string part, string howToInstall) =>
        new InvalidOperationException($"{part} is not available{(InCi ? " (CI=true: a missing real part is a failure)" : "")}. Install it with: {howToInstall}");
}
