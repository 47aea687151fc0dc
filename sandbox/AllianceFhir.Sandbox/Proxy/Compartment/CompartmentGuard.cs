using System.Text.Json;
using System.Text.Json.Nodes;

namespace AllianceFhir.Sandbox.Proxy.Compartment;

/// <summary>
/// One request's Patient compartment enforcement for a token with patient context and <c>patient/</c> scopes: what it may
/// read back (single resources, every Bundle entry: matches, <c>_include</c>/<c>_revinclude</c>, history versions) and what
/// it may write. Types that a <c>user/</c> or <c>system/</c> scope of the token reads are not restricted
/// (<paramref name="isRestricted"/>). Looks up a Provenance's targets and stored resources on the upstream FHIR server.
/// A RelatedPerson user (<paramref name="caregiver"/>) sees and writes less of the compartment (<see cref="RelatedPersonAccess"/>).
/// </summary>
internal sealed class CompartmentGuard(PatientCompartment compartment, string patient, Func<string, bool> isRestricted, HttpClient upstream,
    RelatedPersonAccess? caregiver = null)
{
    private readonly Dictionary<string, JsonObject?> _fetched = new(StringComparer.Ordinal);

    public string Patient => patient;

    /// <summary>True when the client may see <paramref name="resource"/>; <paramref name="siblings"/> are resources already kept in the same Bundle.</summary>
    public async Task<bool> MayReadAsync(JsonObject resource, IReadOnlyDictionary<string, JsonObject>? siblings, CancellationToken ct)
    {
        var type = PatientCompartment.TypeOf(resource);
        if (type is null) return false;
        if (!isRestricted(type)) return true;
        if (compartment.Contains(resource, patient)) return caregiver?.MayRead(resource) ?? true;
        if (type != PatientCompartment.Provenance || caregiver is not null) return false;
        foreach (var (_, target) in compartment.Links(resource))
        {
            if (target is null || target.Type is "Patient" or PatientCompartment.Provenance) continue;
            var found = siblings?.GetValueOrDefault(target.Key) ?? await FetchAsync(target, ct);
            if (found is not null && InCompartment(found)) return true;
        }
        return false;
    }

    /// <summary>Null when the client may write <paramref name="resource"/>, else the reason it may not.</summary>
    public async Task<string?> WriteViolationAsync(JsonObject resource, CancellationToken ct)
    {
        var check = compartment.CheckWrite(resource, patient);
        if (check.Violation is not null) return check.Violation;
        if (caregiver?.WriteViolation(resource) is { } caregiverViolation) return caregiverViolation;
        foreach (var target in check.Resolve)
        {
            var found = await FetchAsync(target, ct);
            if (found is null || !InCompartment(found))
                return $"Provenance.target {target.Key} is not a resource in the compartment of Patient/{patient}.";
        }
        return null;
    }

    /// <summary>The stored resource (the version named, else the current one), or null when the upstream has none.</summary>
    public async Task<JsonObject?> FetchAsync(FhirReference reference, CancellationToken ct)
    {
        var path = $"{reference.Type}/{Uri.EscapeDataString(reference.Id)}" + (reference.Version is { } v ? $"/_history/{Uri.EscapeDataString(v)}" : "");
        if (_fetched.TryGetValue(path, out var cached)) return cached;
        using var response = await upstream.GetAsync(path, ct);
        JsonObject? found = null;
        if (response.IsSuccessStatusCode)
        {
            try
            {
                found = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) as JsonObject;
            }
            catch (JsonException)
            {
                found = null;
            }
        }
        _fetched[path] = found;
        return found;
    }

    /// <summary>
    /// Applies the read rule to a response body in place. Refused (the caller answers 403, as for a read of another
    /// patient's resource): a single resource outside the compartment, or an instance-level Bundle (history,
    /// <c>$everything</c>) with nothing left. Otherwise Bundle entries outside the compartment are dropped, and
    /// <c>total</c> is removed when a counted entry was.
    /// </summary>
    public async Task<(bool Refused, bool Changed)> FilterAsync(JsonObject body, FhirTarget target, CancellationToken ct)
    {
        if (PatientCompartment.TypeOf(body) != "Bundle")
            return (!await MayReadAsync(body, null, ct), false);
        if (!body.TryGetPropertyValue("entry", out var node) || node is not JsonArray entries || entries.Count == 0)
            return (false, false);

        var keep = new bool[entries.Count];
        var siblings = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var provenancePass in new[] { false, true })
        {
            for (var i = 0; i < entries.Count; i++)
            {
                if (ResourceOf(entries[i]) is not { } resource || (PatientCompartment.TypeOf(resource) == PatientCompartment.Provenance) != provenancePass)
                    continue;
                keep[i] = await MayReadAsync(resource, siblings, ct);
                if (keep[i] && PatientCompartment.IdOf(resource) is { } id) siblings[$"{PatientCompartment.TypeOf(resource)}/{id}"] = resource;
            }
        }
        for (var i = 0; i < entries.Count; i++)
        {
            // A history entry of a deletion has no resource: kept when it is about a resource kept from the same Bundle.
            if (ResourceOf(entries[i]) is null && EntryKey(entries[i]) is { } key) keep[i] = siblings.ContainsKey(key);
        }

        var before = entries.Count;
        var droppedCounted = false;
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            if (keep[i]) continue;
            droppedCounted |= !IsInclude(entries[i]);
            entries.RemoveAt(i);
        }
        if (entries.Count == before) return (false, false);
        if (droppedCounted) body.Remove("total");
        return (target.Id is not null && entries.Count == 0, true);
    }

    private bool InCompartment(JsonObject resource) =>
        PatientCompartment.TypeOf(resource) is { } type && compartment.Definition.IsPatientData(type) && compartment.Contains(resource, patient);

    private static JsonObject? ResourceOf(JsonNode? entry) => entry is JsonObject e && e["resource"] is JsonObject r ? r : null;

    private static bool IsInclude(JsonNode? entry) => entry?["search"]?["mode"] is JsonValue v && v.TryGetValue<string>(out var mode) && mode == "include";

    private string? EntryKey(JsonNode? entry)
    {
        foreach (var url in new[] { entry?["request"]?["url"], entry?["fullUrl"] })
        {
            if (url is JsonValue v && v.TryGetValue<string>(out var text) && compartment.Parse(text) is { } reference) return reference.Key;
        }
        return null;
    }
}
