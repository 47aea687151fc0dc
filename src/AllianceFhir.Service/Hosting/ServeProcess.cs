using System.Diagnostics;
using System.Text;

namespace AllianceFhir.Service.Hosting;

/// <summary>
/// This service's `serve` verb as a child process, configured by environment variables as an operator would and killable
/// with SIGKILL as a crash would: what the resilience bench and the kill tests supervise.
/// </summary>
public sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public ServeProcess(IReadOnlyDictionary<string, string> environment, string urls = "http://127.0.0.1:0")
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AllianceFhir.Service.dll"));
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(urls);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: no shutdown, jobs in flight abandoned.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
