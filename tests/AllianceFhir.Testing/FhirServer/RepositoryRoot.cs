namespace AllianceFhir.Testing.FhirServer;

/// <summary>The folder that holds AllianceFhir.sln, found by walking up from the test binaries (or the current directory).</summary>
public static class RepositoryRoot
{
    private const string SolutionFile = "AllianceFhir.sln";

    public static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory}: run the tests from inside the repository.");
    }

    public static string Combine(params string[] parts) => Path.Combine([Find(), .. parts]);
}
