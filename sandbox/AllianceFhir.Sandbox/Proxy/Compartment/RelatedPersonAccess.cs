using System.Text.Json.Nodes;

namespace AllianceFhir.Sandbox.Proxy.Compartment;

/// <summary>
/// What a signed-in RelatedPerson (a parent or carer, <c>fhirUser</c> = RelatedPerson/<c>R</c>) may see and write of the
/// patient in context, on top of the Patient compartment (docs/adr/0004, "A RelatedPerson user"). A caregiver fills the
/// forms assigned to them; they are not the young person, so of the young person's compartment they see only:
/// <list type="bullet">
/// <item>the Patient (the name the portal shows) and their own RelatedPerson;</item>
/// <item>Tasks whose <c>owner</c> is R (the questionnaires assigned to them);</item>
/// <item>QuestionnaireResponses whose <c>author</c> is R, and Observations whose <c>performer</c> names R (their own
/// reports and the scores made from them);</item>
/// <item>never a resource labelled restricted or very restricted (<c>meta.security</c> v3 Confidentiality R or V), even
/// one of the above (docs/domain.md §8: a young person's confidential answers are withheld from proxy access).</item>
/// </list>
/// Everything else in the compartment (the young person's own answers and scores, alerts, conditions, encounters,
/// Provenance) is dropped from Bundles and refused on read. Writes: a QuestionnaireResponse authored by R, an Observation
/// performed by R, a Task owned by R (only an update of one they may read), and the safety alert channels Flag and
/// Communication (written, never read back); no other type.
/// </summary>
internal sealed class RelatedPersonAccess(string relatedPersonId, PatientCompartment compartment)
{
    private const string Confidentiality = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";

    public string Id => relatedPersonId;

    /// <summary>True when the caregiver may see <paramref name="resource"/> (already known to be in the compartment, or not patient data).</summary>
    public bool MayRead(JsonObject resource)
    {
        var type = PatientCompartment.TypeOf(resource);
        if (type is null) return false;
        if (IsRestricted(resource)) return false;
        if (type is not ("Patient" or "RelatedPerson") && !compartment.Definition.IsPatientData(type)) return true;
        return type switch
        {
            "Patient" => true,
            "RelatedPerson" => PatientCompartment.IdOf(resource) == relatedPersonId,
            "Task" => Names(resource, "owner"),
            "QuestionnaireResponse" => Names(resource, "author"),
            "Observation" => Names(resource, "performer"),
            _ => false,
        };
    }

    /// <summary>Null when the caregiver may write <paramref name="resource"/>, else why not.</summary>
    public string? WriteViolation(JsonObject resource)
    {
        var type = PatientCompartment.TypeOf(resource);
        if (type is not null && type is not ("Patient" or "RelatedPerson") && !compartment.Definition.IsPatientData(type)) return null;
        return type switch
        {
            "QuestionnaireResponse" when Names(resource, "author") => null,
            "QuestionnaireResponse" => $"A RelatedPerson user writes only responses they author: QuestionnaireResponse.author must be RelatedPerson/{relatedPersonId}.",
            "Observation" when Names(resource, "performer") => null,
            "Observation" => $"A RelatedPerson user writes only their own scores: Observation.performer must name RelatedPerson/{relatedPersonId}.",
            "Task" when Names(resource, "owner") => null,
            "Task" => $"A RelatedPerson user changes only Tasks assigned to them: Task.owner must be RelatedPerson/{relatedPersonId}.",
            "Flag" or "Communication" => null,
            _ => $"A RelatedPerson user may not write {type ?? "this resource"}.",
        };
    }

    private bool Names(JsonObject resource, string element)
    {
        if (!resource.TryGetPropertyValue(element, out var node) || node is null) return false;
        IEnumerable<JsonNode?> references = node is JsonArray array ? array : new[] { node }; // not [node]: that would be a JsonArray taking the node from its parent
        return references.Any(r => r is JsonObject o && o["reference"] is JsonValue v && v.TryGetValue<string>(out var text)
                                   && compartment.Parse(text) is { Type: "RelatedPerson" } target && target.Id == relatedPersonId);
    }

    private static bool IsRestricted(JsonObject resource) =>
        resource["meta"]?["security"] is JsonArray labels
        && labels.Any(l => l?["system"] is JsonValue s && s.TryGetValue<string>(out var system) && system == Confidentiality
                           && l["code"] is JsonValue c && c.TryGetValue<string>(out var code) && code is "R" or "V");
}
