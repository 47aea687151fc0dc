namespace AllianceFhir.Samples.Cli;

/// <summary>Command line: writes the cohort as ndjson and prints its summary.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (!CliParser.TryParse(args, out var options, out string error))
        {
            Console.Error.WriteLine("error: " + error);
            Console.Error.WriteLine();
            Console.Error.WriteLine(CliParser.Usage);
            return 2;
        }

        if (options.Help)
        {
            Console.WriteLine(CliParser.Usage);
            return 0;
        }

        string folder = Path.GetFullPath(options.Output);
        var summary = CohortGenerator.WriteNdjson(options.Cohort, folder);
        SummaryPrinter.Print(Console.Out, summary, folder);
        return 0;
    }
}
