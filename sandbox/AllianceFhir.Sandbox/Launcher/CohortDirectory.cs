using System.Globalization;
using System.Text.Json;
using AllianceFhir.FhirServer;

namespace AllianceFhir.Sandbox.Launcher;

/// <summary>Reads the patients, practitioners and clinics the launcher lists straight from the FHIR server.</summary>
internal sealed class CohortDirectory(IHttpClientFactory clients, TimeProvider time)
{
    public const string UpstreamClient = "fhir-upstream";

    public async Task<IReadOnlyList<CohortPractitioner>> PractitionersAsync(CancellationToken cancellationToken) =>
        (await SearchAsync("Practitioner?_count=1000", cancellationToken))
            .Select(p => new CohortPractitioner(Id(p), HumanName(p)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();

    public async Task<IReadOnlyList<CohortPatient>> PatientsAsync(CancellationToken cancellationToken)
    {
        var practitioners = (await PractitionersAsync(cancellationToken)).ToDictionary(p => p.Id, p => p.Name);
        var clinics = (await SearchAsync("Organization?_count=1000", cancellationToken))
            .ToDictionary(Id, o => o.TryGetProperty("name", out var n) ? n.GetString() ?? Id(o) : Id(o));
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return (await SearchAsync("Patient?_count=1000&_sort=_id", cancellationToken)).Select(p =>
        {
            var clinicianId = ReferencedId(p, "generalPractitioner", "Practitioner");
            var clinicId = ReferencedId(p, "managingOrganization", "Organization");
            return new CohortPatient(
                Id(p),
                HumanName(p),
                p.TryGetProperty("identifier", out var ids) ? ids.EnumerateArray().Select(i => i.TryGetProperty("value", out var v) ? v.GetString() : null).FirstOrDefault(v => v is not null) : null,
                p.TryGetProperty("birthDate", out var b) && DateOnly.TryParse(b.GetString(), CultureInfo.InvariantCulture, out var born) ? AgeOn(born, today) : null,
                clinicId is null ? null : clinics.GetValueOrDefault(clinicId, clinicId),
                clinicianId,
                clinicianId is null ? null : practitioners.GetValueOrDefault(clinicianId, clinicianId));
        }).ToList();
    }

    /// <summary>The parents and carers on record (RelatedPerson), each with the patient they are related to.</summary>
    public async Task<IReadOnlyList<CohortRelatedPerson>> RelatedPersonsAsync(CancellationToken cancellationToken)
    {
        var patients = (await PatientsAsync(cancellationToken)).ToDictionary(p => p.Id, p => p.Name);
        return (await SearchAsync("RelatedPerson?_count=1000", cancellationToken))
            .Select(r => (Person: r, Patient: ReferencedId(r, "patient", "Patient")))
            .Where(r => r.Patient is not null && patients.ContainsKey(r.Patient))
            .Select(r => new CohortRelatedPerson(Id(r.Person), HumanName(r.Person), Relationship(r.Person), r.Patient!, patients[r.Patient!]))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The patient RelatedPerson <paramref name="relatedPersonId"/> is related to, or null when there is none.</summary>
    public async Task<string?> CaredForAsync(string relatedPersonId, CancellationToken cancellationToken) =>
        (await RelatedPersonsAsync(cancellationToken)).FirstOrDefault(r => r.Id == relatedPersonId)?.PatientId;

    private static string? Relationship(JsonElement resource) =>
        resource.TryGetProperty("relationship", out var rels) && rels.ValueKind == JsonValueKind.Array
            ? rels.EnumerateArray().Select(r => r.TryGetProperty("text", out var t) ? t.GetString()
                : r.TryGetProperty("coding", out var c) && c.GetArrayLength() > 0 && c[0].TryGetProperty("display", out var d) ? d.GetString() : null)
                .FirstOrDefault(t => t is not null)
            : null;

    private static int AgeOn(DateOnly born, DateOnly today) =>
        today.Year - born.Year - (today < born.AddYears(today.Year - born.Year) ? 1 : 0);

    private Task<List<JsonElement>> SearchAsync(string query, CancellationToken cancellationToken) =>
        FhirSearchReader.ReadAllAsync(clients.CreateClient(UpstreamClient), query, cancellationToken);

    private static string Id(JsonElement resource) => resource.GetProperty("id").GetString() ?? "";

    private static string HumanName(JsonElement resource)
    {
        if (!resource.TryGetProperty("name", out var names) || names.ValueKind != JsonValueKind.Array) return Id(resource);
        foreach (var name in names.EnumerateArray())
        {
            var parts = new List<string>();
            if (name.TryGetProperty("prefix", out var prefix)) parts.AddRange(prefix.EnumerateArray().Select(x => x.GetString() ?? ""));
            if (name.TryGetProperty("given", out var given)) parts.AddRange(given.EnumerateArray().Select(x => x.GetString() ?? ""));
            if (name.TryGetProperty("family", out var family)) parts.Add(family.GetString() ?? "");
            if (parts.Count > 0) return string.Join(' ', parts.Where(p => p.Length > 0));
        }
        return Id(resource);
    }

    private static string? ReferencedId(JsonElement resource, string property, string type)
    {
        if (!resource.TryGetProperty(property, out var value)) return null;
        var reference = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().FirstOrDefault() : value;
        return reference.ValueKind == JsonValueKind.Object && reference.TryGetProperty("reference", out var r) && r.GetString() is { } text && text.StartsWith(type + "/", StringComparison.Ordinal)
            ? text[(type.Length + 1)..]
            : null;
    }
}
