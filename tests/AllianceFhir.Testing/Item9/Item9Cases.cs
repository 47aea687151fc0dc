using System.Text.Json;
using AllianceFhir.Testing.FhirServer;

namespace AllianceFhir.Testing.Item9;

/// <summary>
/// The PHQ-9 item-9 golden responses of issue 9 §4 (tests/AllianceFhir.Core.Tests/Scoring/TestFiles/item9, one JSON
/// file per case), as ndjson lines, for the service's and the app's tests.
/// </summary>
public static class Item9Cases
{
    public const string Patient = "Patient/item9-patient";

    /// <summary>Cases whose item 9 = 3 must raise a safety alert (all but entered-in-error).</summary>
    public static readonly string[] Alerting =
        ["in-progress-3", "stopped-3", "twice-0-then-3", "value-integer-3", "value-string-nearly-every-day", "nested-in-group", "unknown-element", "bom"];

    public static string Folder => RepositoryRoot.Combine("tests", "AllianceFhir.Core.Tests", "Scoring", "TestFiles", "item9");

    /// <summary>The case as one ndjson line; a byte-order mark its file starts with is kept (U+FEFF).</summary>
    public static string Line(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, name + ".json"));
        var bom = bytes.AsSpan().StartsWith("\uFEFF"u8);
        using var document = JsonDocument.Parse(bom ? bytes.AsMemory(3) : bytes.AsMemory());
        var compact = JsonSerializer.Serialize(document.RootElement);
        return bom ? "\uFEFF" + compact : compact;
    }

    /// <summary>The response's id in its file, e.g. "item9-twice".</summary>
    public static string Id(string name) => JsonDocument.Parse(Line(name).TrimStart('\uFEFF')).RootElement.GetProperty("id").GetString()!;
}
