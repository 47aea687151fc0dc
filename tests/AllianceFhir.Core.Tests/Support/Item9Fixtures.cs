using System.Text;
using System.Text.Json;

namespace AllianceFhir.Core.Tests.Support;

/// <summary>
/// The PHQ-9 item-9 golden cases of issue 9 §4, one QuestionnaireResponse per JSON file under
/// tests/AllianceFhir.Core.Tests/Scoring/TestFiles/item9 (read from the repository, so every path's tests share them),
/// and beside them the YP-CORE item-4 ones (TestFiles/yp-core-item4, read the same way as item 9).
/// </summary>
public static class Item9Fixtures
{
    public const string Patient = "Patient/item9-patient";

    public static string Folder { get; } = Path.Combine(FindRoot(), "tests", "AllianceFhir.Core.Tests", "Scoring", "TestFiles", "item9");

    public const string YpCoreItem4Patient = "Patient/yp-core-item4-patient";

    public static string YpCoreItem4Folder { get; } = Path.Combine(Folder, "..", "yp-core-item4");

    /// <summary>The fixture as one ndjson line (whitespace removed); a byte-order mark the file starts with is kept, as U+FEFF.</summary>
    public static string Line(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, name + ".json"));
        var bom = bytes.AsSpan().StartsWith("\uFEFF"u8);
        using var document = JsonDocument.Parse(bom ? bytes.AsMemory(3) : bytes.AsMemory());
        var compact = JsonSerializer.Serialize(document.RootElement);
        return bom ? "\uFEFF" + compact : compact;
    }

    public static string ResponseReference(string name) =>
        "QuestionnaireResponse/" + JsonDocument.Parse(Encoding.UTF8.GetBytes(Line(name).TrimStart('\uFEFF'))).RootElement.GetProperty("id").GetString();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AllianceFhir.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("AllianceFhir.sln not found above the test folder");
    }
}
