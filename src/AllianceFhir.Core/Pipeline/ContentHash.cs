using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Core.Pipeline;

/// <summary>
/// A resource's content as a hash, without what a server or a copy changes by itself (id, meta, narrative): two
/// states with the same hash say the same thing, so revising with an unchanged state writes nothing, and a
/// QuestionnaireResponse whose answers changed under the same id and version is seen as changed.
/// </summary>
public static class ContentHash
{
    private static readonly FhirJsonSerializer Serializer = new();

    public static string Of(Resource resource)
    {
        var copy = (Resource)resource.DeepCopy();
        copy.Id = null;
        copy.Meta = null;
        if (copy is DomainResource d) d.Text = null;
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(Serializer.SerializeToString(copy)));
        return Convert.ToHexStringLower(bytes);
    }
}
