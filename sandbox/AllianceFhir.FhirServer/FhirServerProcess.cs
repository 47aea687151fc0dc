using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AllianceFhir.FhirServer;

/// <summary>
/// The real test EHR's FHIR server (sandbox/fhir-server: Medplum's FHIR engine on Node) as a child process on a
/// free loopback port. Start it with <see cref="StartAsync"/>; disposing it stops the process tree.
/// </summary>
public sealed partial class FhirServerProcess : IAsyncDisposable, IDisposable
{
    private const int KeptErrorLines = 200;
    private static readonly HttpClient AdminClient = new();
    private static readonly JsonSerializerOptions StatsJson = new(JsonSerializerDefaults.Web);

    private readonly Process _process;
    private readonly Queue<string> _errorLines;
    private bool _disposed;

    private FhirServerProcess(Process process, Queue<string> errorLines, string baseUrl, LoadSummary? loaded)
    {
        _process = process;
        _errorLines = errorLines;
        BaseUrl = baseUrl;
        LoadedResources = loaded?.Count ?? 0;
        LoadedByType = loaded?.ByType ?? new Dictionary<string, int>();
    }

    /// <summary>The FHIR base without a trailing slash, e.g. http://127.0.0.1:41234/fhir (what an EHR's iss looks like).</summary>
    public string BaseUrl { get; }

    /// <summary>Resources preloaded from <see cref="FhirServerOptions.LoadFolder"/> (lines that failed validation are not counted).</summary>
    public int LoadedResources { get; }

    public IReadOnlyDictionary<string, int> LoadedByType { get; }

    /// <summary>The last lines the server wrote to stderr (warnings for skipped preload lines, start-up time).</summary>
    public string ErrorOutput
    {
        get
        {
            lock (_errorLines) return string.Join('\n', _errorLines);
        }
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _disposed || _process.HasExited;

    /// <summary>An absolute URL for a path relative to the base, e.g. <c>Resolve("Observation?_count=10")</c>.</summary>
    public Uri Resolve(string relative) => new($"{BaseUrl}/{relative.TrimStart('/')}");

    /// <summary>An HttpClient whose BaseAddress is the FHIR base (with the trailing slash relative URLs need), accepting FHIR JSON.</summary>
    public HttpClient CreateHttpClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        return client;
    }

    /// <summary>Every resource a search matches, following next links: what a test reads back from the EHR.</summary>
    public async Task<List<JsonElement>> SearchAllAsync(string query, CancellationToken cancellationToken = default)
    {
        using var http = CreateHttpClient();
        return await FhirSearchReader.ReadAllAsync(http, query, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the server: finds its folder (<see cref="FhirServerDirectory"/>) and node (failing with the install command if it is missing), runs npm ci if the
    /// packages are not installed, starts node on port 0 and waits for its "listening on" line.
    /// </summary>
    public static async Task<FhirServerProcess> StartAsync(FhirServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= FhirServerOptions.Default;
        var serverFolder = FhirServerDirectory.Find(options.ServerDirectory);
        var root = FhirServerDirectory.FindRepositoryRoot() ?? Directory.GetCurrentDirectory();
        var node = NodeRuntime.LocateNode();
        await NodeRuntime.EnsurePackagesAsync(serverFolder, cancellationToken);

        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("--experimental-websocket");
        start.ArgumentList.Add(Path.Combine(serverFolder, "server.mjs"));
        foreach (var arg in options.ToArguments(root)) start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("FHIR_SERVER_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name); // the options above are the whole configuration
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderrCaughtUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        LoadSummary? loaded = null;
        var errorLines = new Queue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (ListeningLine().Match(e.Data) is { Success: true } m) listening.TrySetResult(m.Groups[1].Value);
            else if (LoadedLine().Match(e.Data) is { Success: true } l) loaded = LoadSummary.Parse(l);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errorLines)
            {
                errorLines.Enqueue(e.Data);
                if (errorLines.Count > KeptErrorLines) errorLines.Dequeue();
            }
            if (ReadyLine().IsMatch(e.Data)) stderrCaughtUp.TrySetResult();
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("exited"));

        if (!process.Start()) throw new InvalidOperationException($"Could not start {node}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        string baseUrl;
        try
        {
            baseUrl = await listening.Task.WaitAsync(options.StartTimeout, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or OperationCanceledException)
        {
            Stop(process);
            process.WaitForExit(); // drains the output events so the error text below is complete
            string errors;
            lock (errorLines) errors = string.Join('\n', errorLines);
            var why = e is TimeoutException ? $"did not print 'listening on' within {options.StartTimeout}" : $"exited with code {ExitCodeOf(process)} before listening";
            process.Dispose();
            if (e is OperationCanceledException) throw;
            throw new InvalidOperationException($"The test FHIR server {why}. Its stderr:\n{errors}", e);
        }

        // The server writes "ready in N ms" to stderr just before the listening line to stdout; the two pipes are read
        // independently, so wait for it to have the preload's warnings (written before it) in ErrorOutput.
        try
        {
            await stderrCaughtUp.Task.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (TimeoutException)
        {
            // ErrorOutput may then miss a line or two; the server itself is up
        }
        return new FhirServerProcess(process, errorLines, baseUrl, loaded);
    }

    public async Task<FhirServerStats> StatsAsync(CancellationToken cancellationToken = default)
    {
        var stats = await AdminClient.GetFromJsonAsync<FhirServerStats>(Resolve("$stats"), StatsJson, cancellationToken);
        return stats ?? throw new InvalidOperationException("GET $stats answered null");
    }

    /// <summary>Zeroes the counters (and restarts the fault schedule: the first K requests after this fail again).</summary>
    public async Task ResetStatsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await AdminClient.PostAsync(Resolve("$reset-stats"), null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Closes the server's stdin (it stops gracefully), then kills the process tree if it is still running.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Stop(_process);
        _process.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Stop(Process process)
    {
        try
        {
            if (process.HasExited) return;
            process.StandardInput.Close();
            if (process.WaitForExit(TimeSpan.FromSeconds(3))) return;
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            // never started, already gone, or its stdin pipe already broken
        }
    }

    private static string ExitCodeOf(Process process) =>
        process.HasExited ? process.ExitCode.ToString(CultureInfo.InvariantCulture) : "?";

    [GeneratedRegex(@"^listening on (http://\S+)$")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"^fhir-server: .*ready in \d+ ms$")]
    private static partial Regex ReadyLine();

    [GeneratedRegex(@"^loaded (\d+) resources from .* \((\d+) lines skipped\): ?(.*)$")]
    private static partial Regex LoadedLine();

    private sealed record LoadSummary(int Count, IReadOnlyDictionary<string, int> ByType)
    {
        public static LoadSummary Parse(Match line)
        {
            var byType = line.Groups[3].Value
                .Split(", ", StringSplitOptions.RemoveEmptyEntries)
                .Select(part => part.Split(' '))
                .ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture));
            return new LoadSummary(int.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture), byType);
        }
    }
}
