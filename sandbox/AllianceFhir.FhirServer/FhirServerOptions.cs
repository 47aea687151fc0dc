namespace AllianceFhir.FhirServer;

/// <summary>
/// The test FHIR server's switches (sandbox/fhir-server/README.md), for <see cref="FhirServerProcess.StartAsync"/>.
/// The defaults are a capable EHR: conditional create on, every R4 type, no preload, no faults.
/// </summary>
public sealed record FhirServerOptions
{
    public static FhirServerOptions Default { get; } = new();

    /// <summary>False: /metadata declares conditionalCreate false and If-None-Exist is refused (like Epic).</summary>
    public bool ConditionalCreate { get; init; } = true;

    /// <summary>Resource types the server does not have: absent from /metadata, 404 for every interaction (like Oracle Health without Flag, Task).</summary>
    public IReadOnlyList<string> RefusedTypes { get; init; } = [];

    /// <summary>Types that can be created but not updated: no update/patch in /metadata, PUT/PATCH answer 405 (like Epic's create-only types).</summary>
    public IReadOnlyList<string> RefusedUpdateTypes { get; init; } = [];

    /// <summary>
    /// The server's folder (server.mjs); null: <see cref="FhirServerDirectory.Find"/> (configuration key FhirServer:Directory,
    /// else fhir-server next to the app, else sandbox/fhir-server in the repository).
    /// </summary>
    public string? ServerDirectory { get; init; }

    /// <summary>A folder of *.ndjson to preload, absolute or relative to the repository root (the current directory outside one), e.g. samples/cohort.</summary>
    public string? LoadFolder { get; init; }

    /// <summary>A folder of *.ndjson to preload without validation (records that no longer validate, e.g. an unknown element).</summary>
    public string? LoadUnvalidatedFolder { get; init; }

    /// <summary>Answer every Nth FHIR request with <see cref="InjectStatus"/> (0 = off).</summary>
    public int FailEvery { get; init; }

    /// <summary>Answer the first K FHIR requests with <see cref="InjectStatus"/> (0 = off). Counted again after a stats reset.</summary>
    public int InjectCount { get; init; }

    /// <summary>The injected fault's HTTP status.</summary>
    public int InjectStatus { get; init; } = 503;

    /// <summary>Send Retry-After with each injected fault.</summary>
    public int? RetryAfterSeconds { get; init; }

    public string BasePath { get; init; } = "/fhir";

    /// <summary>
    /// Answer this share (0–100 %) of FHIR requests with a fault, at positions drawn at random from <see cref="FaultSeed"/>
    /// but exact per block: at 20%, one request of every 5, at a random place in its block.
    /// </summary>
    public int FaultRate { get; init; }

    public int FaultSeed { get; init; } = 1;

    /// <summary>
    /// Faults used instead of <see cref="InjectStatus"/>: statuses ("500", "503", "429"; 503 and 429 with Retry-After 1),
    /// "timeout" (held, then dropped), "reset" (connection dropped), "500-after" and "reset-after" (processed, answer lost).
    /// Random faults draw one; scheduled ones take turns.
    /// </summary>
    public IReadOnlyList<string> FaultKinds { get; init; } = [];

    /// <summary>How long a "timeout" fault holds the request before dropping the connection.</summary>
    public int FaultHangMilliseconds { get; init; } = 5000;

    /// <summary>How long to wait for the "listening on" line (indexing R4 takes 2–3 s, a preload a few more).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);

    internal IEnumerable<string> ToArguments(string baseDirectory)
    {
        yield return "--port";
        yield return "0";
        yield return "--base-path";
        yield return BasePath;
        yield return "--exit-with-stdin";
        if (!ConditionalCreate) yield return "--no-conditional-create";
        if (RefusedTypes.Count > 0)
        {
            yield return "--refuse";
            yield return string.Join(',', RefusedTypes);
        }
        if (RefusedUpdateTypes.Count > 0)
        {
            yield return "--refuse-update";
            yield return string.Join(',', RefusedUpdateTypes);
        }
        if (LoadFolder is not null)
        {
            yield return "--load";
            yield return Path.GetFullPath(LoadFolder, baseDirectory);
        }
        if (LoadUnvalidatedFolder is not null)
        {
            yield return "--load-unvalidated";
            yield return Path.GetFullPath(LoadUnvalidatedFolder, baseDirectory);
        }
        if (FaultRate > 0)
        {
            yield return "--fault-rate";
            yield return FaultRate.ToString(System.Globalization.CultureInfo.InvariantCulture);
            yield return "--fault-seed";
            yield return FaultSeed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (FaultKinds.Count > 0)
        {
            yield return "--fault-kinds";
            yield return string.Join(',', FaultKinds);
            yield return "--fault-hang-ms";
            yield return FaultHangMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (FailEvery > 0)
        {
            yield return "--fail-every";
            yield return FailEvery.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (InjectCount > 0)
        {
            yield return "--inject-count";
            yield return InjectCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (FailEvery > 0 || InjectCount > 0)
        {
            yield return "--inject-status";
            yield return InjectStatus.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (RetryAfterSeconds is { } seconds)
        {
            yield return "--retry-after";
            yield return seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
