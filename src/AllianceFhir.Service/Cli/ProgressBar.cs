using Spectre.Console;

namespace AllianceFhir.Service.Cli;

/// <summary>A progress bar on stderr (stdout stays clean for the summary); silent when stderr is not a terminal.</summary>
public static class ProgressBar
{
    public static T Run<T>(string label, Func<Action<long, long>, T> work)
    {
        if (Console.IsErrorRedirected) return work((_, _) => { });
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(label, maxValue: 1);
                return work((done, total) =>
                {
                    task.MaxValue = Math.Max(1, total);
                    task.Value = done;
                });
            });
    }
}
