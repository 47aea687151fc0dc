using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.Service.Scoring;

namespace AllianceFhir.Bench;

/// <summary>
/// <c>score</c> in a process of its own, run as the product runs it: with the JIT settings of the product's own
/// runtimeconfig (AllianceFhir.Service.runtimeconfig.json, copied next to the bench), while the floor and the peer stay
/// in the bench's process with the runtime's defaults, as a team writing them would run them. A process's peak working
/// set only grows, so the child's is <c>score</c>'s alone.
/// </summary>
internal static class ScoreChild
{
    private const string ProductRuntimeConfig = "AllianceFhir.Service.runtimeconfig.json";

    /// <summary>The runtimeconfig properties that set the JIT, and the environment variables that carry them.</summary>
    private static readonly (string Property, string Variable)[] JitSettings =
    [
        ("System.Runtime.TieredCompilation", "DOTNET_TieredCompilation"),
        ("System.Runtime.TieredCompilation.QuickJit", "DOTNET_TC_QuickJit"),
        ("System.Runtime.TieredCompilation.QuickJitForLoops", "DOTNET_TC_QuickJitForLoops"),
        ("System.Runtime.TieredPGO", "DOTNET_TieredPGO"),
    ];

    /// <summary>The product's JIT settings as environment variables, e.g. DOTNET_TieredPGO=0; read from its runtimeconfig.</summary>
    public static IReadOnlyList<(string Variable, string Value)> ProductJitSettings()
    {
        var path = Path.Combine(AppContext.BaseDirectory, ProductRuntimeConfig);
        if (!File.Exists(path)) throw new FileNotFoundException($"the product's runtime settings are not next to the bench: {path}");
        var properties = JsonNode.Parse(File.ReadAllText(path))?["runtimeOptions"]?["configProperties"];
        var settings = new List<(string, string)>();
        foreach (var (property, variable) in JitSettings)
            if (properties?[property] is JsonValue value && value.TryGetValue<bool>(out var on))
                settings.Add((variable, on ? "1" : "0"));
        return settings;
    }

    /// <summary>The bench itself, with <paramref name="args"/>, in a child process with the product's JIT settings; its output.</summary>
    public static string Run(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        var assembly = typeof(ScoreChild).Assembly.Location;
        if (!Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals(Path.GetFileNameWithoutExtension(assembly), StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(assembly); // run through `dotnet AllianceFhir.Bench.dll`
        start.ArgumentList.Add("score");
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (variable, value) in ProductJitSettings()) start.Environment[variable] = value;
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0) throw new InvalidOperationException($"the score child process failed ({child.ExitCode}): {output}");
        return output;
    }

    /// <summary>What the child measured: the timed run after the warm-up, its peak, and a second run (informational).</summary>
    public sealed record Timed(double Seconds, long Read, long Scored, double PeakMb, double AgainSeconds)
    {
        private const string Prefix = "timed-score:";

        public string Line() => string.Create(CultureInfo.InvariantCulture,
            $"{Prefix} seconds={Seconds:R} read={Read} scored={Scored} peak_mb={PeakMb:R} again={AgainSeconds:R}");

        public static Timed Parse(string output)
        {
            var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal))
                       ?? throw new InvalidOperationException($"the score child process printed no '{Prefix}' line: {output}");
            var values = line[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
            double Number(string key) => double.Parse(values[key], CultureInfo.InvariantCulture);
            return new Timed(Number("seconds"), long.Parse(values["read"], CultureInfo.InvariantCulture),
                long.Parse(values["scored"], CultureInfo.InvariantCulture), Number("peak_mb"), Number("again"));
        }
    }

    /// <summary>
    /// The child's side: a warm-up on <paramref name="warm"/>, then <c>score</c> on <paramref name="input"/> timed, the
    /// peak working set taken, and once more (informational); prints <see cref="Timed.Line"/>.
    /// </summary>
    public static int TimedRun(string input, string warm, int memoryMb)
    {
        var work = Directory.CreateTempSubdirectory("alliancefhir-bench-score-");
        try
        {
            var runner = new ScoreRunner(ProfileDirectory.LoadCatalogue(), TimeProvider.System);
            runner.Run(new ScoreOptions(warm, Path.Combine(work.FullName, "warm-out"), MemoryMb: memoryMb));
            GC.Collect();
            var clock = Stopwatch.StartNew();
            var summary = runner.Run(new ScoreOptions(input, Path.Combine(work.FullName, "out"), MemoryMb: memoryMb));
            var seconds = clock.Elapsed.TotalSeconds;
            var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;
            Directory.Delete(Path.Combine(work.FullName, "out"), recursive: true);
            clock.Restart();
            runner.Run(new ScoreOptions(input, Path.Combine(work.FullName, "out-again"), MemoryMb: memoryMb));
            var again = clock.Elapsed.TotalSeconds;
            Console.WriteLine(new Timed(seconds, summary.ResponsesRead, summary.ResponsesScored, peakMb, again).Line());
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
