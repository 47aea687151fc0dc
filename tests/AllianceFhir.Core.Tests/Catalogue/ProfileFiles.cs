using System.Text.Json.Nodes;
using AllianceFhir.Core.Catalogue;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Core.Tests.Catalogue;

/// <summary>The profiles/ folder as the test build copies it, read strictly.</summary>
internal static class ProfileFiles
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "profiles");

    private static readonly FhirJsonDeserializer Strict = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    public static IEnumerable<string> All() => Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal);

    public static Resource Read(string file) => Strict.DeserializeResource(File.ReadAllText(file));

    public static T Read<T>(string fileName) where T : Resource => Strict.Deserialize<T>(File.ReadAllText(Path.Combine(Folder, fileName)));

    public static JsonNode Json(string fileName) => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, fileName)))!;

    public static IReadOnlyList<Questionnaire> Questionnaires() =>
        Directory.EnumerateFiles(Folder, "Questionnaire-*.json").Order(StringComparer.Ordinal).Select(f => (Questionnaire)Read(f)).ToList();

    public static InstrumentCatalogue Catalogue => Support.TestCatalogue.Instance;
}
