using Hl7.Fhir.Model;

namespace AllianceFhir.Service.Ingest;

/// <summary>
/// A search with any parameters, following paging: what measurement plans read (Patients, CarePlans, Appointments,
/// RelatedPersons, open Tasks, recent responses). A live FHIR server has it; the embedded ndjson folder does not, so
/// questionnaires are assigned against a live EHR only.
/// </summary>
public interface IEhrSearch
{
    IAsyncEnumerable<Resource> SearchAsync(string resourceType, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken ct);
}
