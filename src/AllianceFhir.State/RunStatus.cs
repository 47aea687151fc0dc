namespace AllianceFhir.State;

/// <summary>Where a run of a job is: ingesting → scoring → complete (stored in runs.status as <see cref="RunStatusCodes"/>).</summary>
public enum RunStatus
{
    /// <summary>Reading new responses into the inbox; no batch exists yet.</summary>
    Ingesting,
    /// <summary>Fanned out: batches are pending or done.</summary>
    Scoring,
    /// <summary>Every batch is done and the run was closed once (its checkpoint may move).</summary>
    Complete,
}
