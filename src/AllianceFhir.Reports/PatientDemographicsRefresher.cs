using AllianceFhir.Ehr.WriteBack;

namespace AllianceFhir.Reports;

/// <summary>
/// After a batch is scored, reads its patients' Patient resources from the EHR and keeps their strata. A failure
/// here never fails the batch: scores and alerts matter more than report strata, and the next run refreshes them.
/// </summary>
public sealed class PatientDemographicsRefresher(PatientStore store, ILogger<PatientDemographicsRefresher> log)
{
    public async Task RefreshAsync(IEhrWriter ehr, IReadOnlyCollection<string> patients, CancellationToken ct)
    {
        if (ehr is not IPatientDirectory directory || patients.Count == 0) return;
        try
        {
            var found = new List<Core.Reports.ReportPatient>();
            await foreach (var p in directory.PatientsAsync(patients, ct)) found.Add(PatientDemographics.From(p));
            await store.UpsertAsync(found, ct);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Data.Common.DbException or InvalidOperationException)
        {
            log.LogWarning("Patient demographics for {Count} patients were not refreshed from {Endpoint}: {Error}", patients.Count, ehr.Name, e.Message);
        }
    }
}
