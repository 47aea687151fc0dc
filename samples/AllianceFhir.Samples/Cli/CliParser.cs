using System.Globalization;

namespace AllianceFhir.Samples.Cli;

/// <summary>Parses the four flags by hand; an error names the flag at fault.</summary>
internal static class CliParser
{
    public const int MaxPatients = 1_000_000;

    public const string Usage =
        """
        Usage: dotnet run --project samples/AllianceFhir.Samples -- [options]

          --patients <n>    number of patients, 0 to 1000000 (default 60)
          --seed <n>        random seed, any 32-bit integer (default 20261122)
          --output <dir>    folder for the ndjson files (default samples/cohort)
          --no-malformed    leave out the malformed QuestionnaireResponse lines
          -h, --help        show this help
        """;

    public static bool TryParse(string[] args, out CliOptions options, out string error)
    {
        var defaults = new CohortOptions();
        int patients = defaults.Patients;
        int seed = defaults.Seed;
        string output = Path.Combine("samples", "cohort");
        bool malformed = true;
        bool help = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        options = new CliOptions(defaults, output, Help: false);
        error = string.Empty;

        for (int i = 0; i < args.Length; i++)
        {
            string flag = args[i];
            if (flag is "-h" or "--help")
            {
                help = true;
                continue;
            }

            if (flag is not ("--patients" or "--seed" or "--output" or "--no-malformed"))
            {
                error = $"unknown flag '{flag}' (expected --patients, --seed, --output, --no-malformed or --help)";
                return false;
            }

            if (!seen.Add(flag))
            {
                error = $"flag '{flag}' is given more than once";
                return false;
            }

            if (flag == "--no-malformed")
            {
                malformed = false;
                continue;
            }

            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error = $"flag '{flag}' needs a value";
                return false;
            }

            string value = args[++i];
            switch (flag)
            {
                case "--patients":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out patients) || patients > MaxPatients)
                    {
                        error = $"flag '--patients' expects a whole number from 0 to {MaxPatients}, got '{value}'";
                        return false;
                    }

                    break;
                case "--seed":
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed))
                    {
                        error = $"flag '--seed' expects a 32-bit integer, got '{value}'";
                        return false;
                    }

                    break;
                default:
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        error = "flag '--output' needs a folder path";
                        return false;
                    }

                    output = value;
                    break;
            }
        }

        options = new CliOptions(new CohortOptions(patients, seed, malformed), output, help);
        return true;
    }
}
