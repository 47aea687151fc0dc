using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Scoring;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Core.Tests.Support;

/// <summary>
/// The real instrument catalogue: profiles/Questionnaire-*.json as the test build copies them to its output
/// folder, read with the strict deserializer (the same way the service loads them). Loaded once per test run.
/// </summary>
public static class TestCatalogue
{
    private static readonly Lazy<InstrumentCatalogue> Lazy = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static InstrumentCatalogue Instance => Lazy.Value;

    public static Instrument Phq9 => Get("phq-9");
    public static Instrument Gad7 => Get("gad-7");
    public static Instrument WaiSr => Get("wai-sr");
    public static Instrument Srs => Get("srs");
    public static Instrument Sai => Get("sai");
    public static Instrument DWai => Get("d-wai");

    /// <summary>Scores a response against the real catalogue.</summary>
    public static ScoringResult Score(QuestionnaireResponse response) => new ResponseScorer(Instance).Score(response);

    private static Instrument Get(string id) =>
        Instance.FindById(id) ?? throw new InvalidOperationException($"Instrument '{id}' is not in profiles/");

    /// <summary>profiles/Questionnaire-*.json, freshly read (in file-name order), for a test that builds a catalogue of its own.</summary>
    public static List<Questionnaire> Questionnaires()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "profiles");
        var deserializer = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
        var questionnaires = Directory.EnumerateFiles(folder, "Questionnaire-*.json")
            .Order(StringComparer.Ordinal)
            .Select(file => deserializer.Deserialize<Questionnaire>(File.ReadAllText(file)))
            .ToList();
        if (questionnaires.Count == 0) throw new InvalidOperationException($"No Questionnaire-*.json in {folder}");
        return questionnaires;
    }

    private static InstrumentCatalogue Load() => new(Questionnaires());
}
