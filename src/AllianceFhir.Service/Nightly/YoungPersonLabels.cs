using AllianceFhir.Core.Confidentiality;
using AllianceFhir.Core.Resources;
using AllianceFhir.Service.Ingest;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace AllianceFhir.Service.Nightly;

/// <summary>
/// Labels the alliance score Observations of young people before write-back (issue 13 §4; docs/domain.md §9): the
/// patients' birth dates are read once per batch from the endpoint (both endpoints are a Patient directory), and an
/// Observation whose patient was under <see cref="ConfidentialitySettings.YoungPersonAgeLimit"/> on its effective date
/// gets <c>meta.security</c>. A Patient that cannot be read counts as an unknown age.
/// </summary>
public sealed class YoungPersonLabels(ConfidentialitySettings settings, ILogger<YoungPersonLabels> log)
{
    /// <summary>The shipped defaults, for a batch job built without the container (tests).</summary>
    public static YoungPersonLabels Default { get; } = new(new ConfidentialitySettings(), NullLogger<YoungPersonLabels>.Instance);

    /// <summary>Adds the labels to the alliance score Observations among <paramref name="resources"/>; returns how many were labelled.</summary>
    public async Task<int> ApplyAsync(IEhrEndpoint ehr, IEnumerable<Resource> resources, CancellationToken ct)
    {
        if (settings.YoungPersonAgeLimit <= 0 || ConfidentialityLabels.Codings(settings).Count == 0) return 0;
        var alliance = resources.OfType<Observation>()
            .Where(o => o.Meta?.Profile.Contains(ProfileUrls.AllianceScore) == true)
            .Select(o => (Observation: o, Patient: o.Subject?.Reference, When: (o.Effective as FhirDateTime)?.ToDateTimeOffset(TimeSpan.Zero)))
            .Where(a => a.Patient is not null && a.When is not null)
            .ToList();
        if (alliance.Count == 0) return 0;
        var births = await BirthDatesAsync(ehr, alliance.Select(a => a.Patient!).Distinct(StringComparer.Ordinal).ToList(), ct);
        var labelled = 0;
        foreach (var (o, patient, when) in alliance)
        {
            if (!ConfidentialityLabels.IsYoungPerson(births.GetValueOrDefault(patient!), when!.Value, settings)) continue;
            ConfidentialityLabels.Apply(o, settings);
            labelled++;
        }
        return labelled;
    }

    private async Task<Dictionary<string, string?>> BirthDatesAsync(IEhrEndpoint ehr, IReadOnlyCollection<string> patients, CancellationToken ct)
    {
        var births = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (ehr is not AllianceFhir.Reports.IPatientDirectory directory) return births;
        try
        {
            await foreach (var p in directory.PatientsAsync(patients, ct))
                if (p.Id is { } id) births[$"Patient/{id}"] = p.BirthDate;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // No patient data in the log: the count and the error only. Unread patients count as an unknown age.
            log.LogWarning("Birth dates of {Count} patients were not read from {Endpoint} for confidentiality labels: {Error}", patients.Count, ehr.Name, e.Message);
        }
        return births;
    }
}
