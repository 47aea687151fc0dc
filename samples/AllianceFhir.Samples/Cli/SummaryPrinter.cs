using System.Globalization;

namespace AllianceFhir.Samples.Cli;

/// <summary>Prints a <see cref="CohortSummary"/> for people.</summary>
internal static class SummaryPrinter
{
    public static void Print(TextWriter output, CohortSummary s, string folder)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Wrote cohort to {folder}"));
        output.WriteLine(string.Create(c, $"  patients {s.Patients} (improving {s.PatientsImproving}, flat {s.PatientsFlat}, deteriorating {s.PatientsDeteriorating}; ruptures repaired {s.RepairedRuptures}, unrepaired {s.UnrepairedRuptures})"));
        output.WriteLine(string.Create(c, $"  organizations {s.Organizations}, practitioners {s.Practitioners}, observations {s.Observations}"));
        output.WriteLine(string.Create(c, $"  questionnaire responses {s.QuestionnaireResponses} lines: {s.ValidQuestionnaireResponses} valid, {s.MalformedLines} malformed"));
        output.WriteLine("  by instrument: " + string.Join(", ", s.ResponsesByInstrument.Select(p => string.Create(c, $"{p.Key} {p.Value}"))));
        output.WriteLine(string.Create(c, $"  LHC-Forms shape {s.LhcFormResponses}, item 9 > 0 {s.ItemNinePositive}, one item missing {s.ProratedResponses}, two or more missing {s.UnscorableResponses}"));
        if (s.MalformedLines > 0)
        {
            output.WriteLine("  malformed: " + string.Join(", ", s.MalformedByKind.Select(p => string.Create(c, $"{p.Key} {p.Value}"))));
        }
    }
}
