using Hl7.Fhir.Model;

namespace AllianceFhir.Reports;

/// <summary>Reads Patient resources by reference ("Patient/{id}"), for report strata. Both EHR endpoints implement it.</summary>
public interface IPatientDirectory
{
    IAsyncEnumerable<Patient> PatientsAsync(IReadOnlyCollection<string> references, CancellationToken ct);
}
