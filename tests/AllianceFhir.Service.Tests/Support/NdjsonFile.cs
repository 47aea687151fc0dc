using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Service.Tests.Support;

internal static class NdjsonFile
{
    private static readonly FhirJsonDeserializer Strict = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    public static List<T> Read<T>(string file) where T : Resource =>
        File.Exists(file) ? File.ReadLines(file).Where(l => l.Length > 0).Select(l => Strict.Deserialize<T>(l)).ToList() : [];
}
