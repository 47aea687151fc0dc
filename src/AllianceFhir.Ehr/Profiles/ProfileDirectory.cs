using AllianceFhir.Core.Catalogue;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Ehr.Profiles;

/// <summary>Loads the instrument catalogue from a folder of FHIR JSON files (profiles/ by default), strictly.</summary>
public static class ProfileDirectory
{
    /// <summary>profiles/ beside the running program (copied there at build), else the repository's profiles/ above it.</summary>
    public static string Default()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "profiles");
        if (Directory.Exists(beside)) return beside;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "profiles");
            if (File.Exists(Path.Combine(candidate, "Questionnaire-phq-9.json"))) return candidate;
        }
        throw new DirectoryNotFoundException("No profiles/ folder found beside the program or above it; pass --profiles <folder>");
    }

    public static IReadOnlyList<Questionnaire> ReadQuestionnaires(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Profiles folder '{folder}' does not exist");
        var deserializer = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
        var result = new List<Questionnaire>();
        foreach (var file in Directory.EnumerateFiles(folder, "Questionnaire-*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                result.Add(deserializer.Deserialize<Questionnaire>(File.ReadAllText(file)));
            }
            catch (DeserializationFailedException e)
            {
                throw new CatalogueException($"{Path.GetFileName(file)}: not a valid Questionnaire: {string.Join("; ", e.Exceptions.Select(x => x.Message).Take(5))}");
            }
        }
        if (result.Count == 0) throw new CatalogueException($"Profiles folder '{folder}' holds no Questionnaire-*.json files");
        return result;
    }

    public static InstrumentCatalogue LoadCatalogue(string? folder = null) => new(ReadQuestionnaires(folder ?? Default()));
}
