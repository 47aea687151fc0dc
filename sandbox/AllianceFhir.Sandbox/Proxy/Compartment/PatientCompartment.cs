using System.Text.Json.Nodes;
using AllianceFhir.Sandbox.Hosting;

namespace AllianceFhir.Sandbox.Proxy.Compartment;

/// <summary>
/// The Patient compartment rules on one resource body, without I/O (<see cref="CompartmentGuard"/> adds the lookups):
/// which References sit at the definition's paths, whether the resource is in a patient's compartment, and whether a
/// patient-level client may write it.
/// </summary>
internal sealed class PatientCompartment(PatientCompartmentDefinition definition, SandboxUrls urls)
{
    /// <summary>Provenance is in a compartment through its <c>target</c>, which may name any resource (see docs/adr/0004).</summary>
    public const string Provenance = "Provenance";

    public PatientCompartmentDefinition Definition => definition;

    public FhirReference? Parse(string? reference) => FhirReference.Parse(reference, urls);

    /// <summary>The Reference elements at the compartment paths, each with its literal target (null when not literal).</summary>
    public IEnumerable<(string Path, FhirReference? Target)> Links(JsonObject resource)
    {
        var type = TypeOf(resource);
        if (type is null) yield break;
        foreach (var path in definition.Paths(type))
        {
            foreach (var element in Walk(resource, path, 0))
            {
                var reference = element is JsonObject o && o.TryGetPropertyValue("reference", out var r) && r is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
                yield return (string.Join('.', path), FhirReference.Parse(reference, urls));
            }
        }
    }

    /// <summary>
    /// True when <paramref name="resource"/> is in <paramref name="patient"/>'s compartment as far as its own body shows:
    /// the Patient itself (only that one: the definition's <c>link</c> is not followed), a resource whose compartment
    /// References name Patient/<paramref name="patient"/>, or a resource of a type that is not patient data.
    /// </summary>
    public bool Contains(JsonObject resource, string patient)
    {
        var type = TypeOf(resource);
        if (type is null) return false;
        if (type == "Patient") return IdOf(resource) == patient;
        if (!definition.IsPatientData(type)) return true;
        return Links(resource).Any(l => l.Target?.IsPatient(patient) == true);
    }

    /// <summary>
    /// The write rule: every compartment Reference is literal and names no other patient, and one names
    /// <paramref name="patient"/>. A Provenance's non-Patient targets are returned to be looked up (each must be in the
    /// compartment). A Patient may be written only as <paramref name="patient"/> itself; types that are not patient data pass.
    /// </summary>
    public WriteCheck CheckWrite(JsonObject resource, string patient)
    {
        var type = TypeOf(resource);
        if (type is null) return WriteCheck.Refuse("The body is not a FHIR resource (no resourceType).");
        if (type == "Patient")
            return IdOf(resource) == patient ? WriteCheck.Pass : WriteCheck.Refuse("A patient-level token may only write its own Patient.");
        if (!definition.IsPatientData(type)) return WriteCheck.Pass;

        var resolve = new List<FhirReference>();
        var names = false;
        foreach (var (path, target) in Links(resource))
        {
            if (target is null)
                return WriteCheck.Refuse($"{type}.{path} must be a literal reference (Type/id) on this server for a patient-level write.");
            if (target.Type == "Patient")
            {
                if (target.Id != patient) return WriteCheck.Refuse($"{type}.{path} names another patient; a patient-level token writes only its own patient's data.");
                names = true;
            }
            else if (type == Provenance)
            {
                resolve.Add(target);
            }
        }
        if (!names && resolve.Count == 0)
        {
            var fields = string.Join(", ", definition.Paths(type).Select(p => string.Join('.', p)));
            return WriteCheck.Refuse($"A patient-level write must put the {type} in its patient's compartment: reference Patient/{patient} at {fields}.");
        }
        return resolve.Count == 0 ? WriteCheck.Pass : new WriteCheck(null, resolve);
    }

    public static string? TypeOf(JsonObject resource) =>
        resource.TryGetPropertyValue("resourceType", out var t) && t is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static string? IdOf(JsonObject resource) =>
        resource.TryGetPropertyValue("id", out var t) && t is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static IEnumerable<JsonNode> Walk(JsonNode? node, string[] path, int step)
    {
        switch (node)
        {
            case null:
                yield break;
            case JsonArray array:
                foreach (var item in array)
                foreach (var found in Walk(item, path, step))
                    yield return found;
                break;
            case JsonObject when step == path.Length:
                yield return node;
                break;
            case JsonObject o when o.TryGetPropertyValue(path[step], out var child):
                foreach (var found in Walk(child, path, step + 1))
                    yield return found;
                break;
        }
    }
}
