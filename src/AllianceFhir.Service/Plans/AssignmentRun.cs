namespace AllianceFhir.Service.Plans;

/// <summary>What one assign-questionnaires run did.</summary>
/// <param name="Assigned">Tasks created now.</param>
/// <param name="Existed">Tasks due that the EHR already held (an earlier run, or a run twice).</param>
/// <param name="NotWritten">Due but not in the EHR: it refuses Task (CapabilityStatement or 4xx); in the quarantine list.</param>
public sealed record AssignmentRun(int Patients, int Assigned, int Existed, int NotWritten, int Completed, int Expired, int Reminded)
{
    public override string ToString() =>
        $"{Patients} patients: {Assigned} questionnaires assigned, {Existed} already assigned, {NotWritten} not written (see the quarantine list), " +
        $"{Completed} completed, {Expired} expired, {Reminded} reminders";
}
