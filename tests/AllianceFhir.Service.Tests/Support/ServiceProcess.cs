using System.Diagnostics;

namespace AllianceFhir.Service.Tests.Support;

/// <summary>Runs the built service program as a user would, capturing exit code, stdout and stderr.</summary>
public static class ServiceProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args) => Run(new Dictionary<string, string>(), args);

    /// <summary>With extra environment variables (how a site configures the service, e.g. <c>Trajectories__...</c>).</summary>
    public static Result Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "AllianceFhir.Service.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3))) { process.Kill(true); throw new TimeoutException("score did not finish in 3 minutes"); }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
