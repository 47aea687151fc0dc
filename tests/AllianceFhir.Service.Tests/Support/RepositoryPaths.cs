namespace AllianceFhir.Service.Tests.Support;

internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string BundledCohort => Path.Combine(Root, "samples", "cohort");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AllianceFhir.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("AllianceFhir.sln not found above the test folder");
    }
}
