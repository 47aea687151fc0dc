using System.Text.Json;
using AllianceFhir.Service.Tests.Support;

namespace AllianceFhir.Service.Tests.Nightly;

/// <summary>
/// What the bundled cohort should yield, from the independent ndjson path (`score`), counted per identifier system and
/// per alert reason: the nightly pipeline against a FHIR server must write the same, once each.
/// </summary>
internal static class ExpectedOutput
{
    private static readonly Lazy<(Dictionary<string, int> ObservationsBySystem, int Alerts)> Lazy = new(Compute);

    public static IReadOnlyDictionary<string, int> ObservationsBySystem => Lazy.Value.ObservationsBySystem;

    public static int Alerts => Lazy.Value.Alerts;

    private static (Dictionary<string, int>, int) Compute()
    {
        using var temp = new TempFolder();
        var result = ServiceProcess.Run("score", "--input", RepositoryPaths.BundledCohort, "--output", temp.Path, "--quiet");
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Stderr);
        var bySystem = File.ReadLines(temp.Combine("Observation.ndjson"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("identifier")[0].GetProperty("system").GetString()!)
            .GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        return (bySystem, File.ReadLines(temp.Combine("Flag.ndjson")).Count());
    }
}
