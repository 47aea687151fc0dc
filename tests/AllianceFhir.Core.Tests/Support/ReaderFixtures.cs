using System.Text;

namespace AllianceFhir.Core.Tests.Support;

/// <summary>
/// Lines the hot path's reader and writers are checked on (issue 12): every QuestionnaireResponse line of the bundled
/// cohort (samples/cohort, malformed lines included) and every item-9 golden vector, each with a name for messages.
/// </summary>
public static class ReaderFixtures
{
    public static string Cohort { get; } = Path.GetFullPath(Path.Combine(Item9Fixtures.Folder, "..", "..", "..", "..", "..", "samples", "cohort", "QuestionnaireResponse.ndjson"));

    public static IEnumerable<(string Name, string Line)> All()
    {
        var number = 0;
        foreach (var line in File.ReadLines(Cohort, Encoding.UTF8))
        {
            number++;
            if (line.Length > 0) yield return ($"cohort line {number}", line);
        }
        foreach (var file in Directory.EnumerateFiles(Item9Fixtures.Folder, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            yield return ($"golden {name}", Item9Fixtures.Line(name));
        }
    }
}
