namespace AllianceFhir.State;

/// <summary>Where one batch of a run is: pending → done (stored in batches.status as <see cref="RunStatusCodes"/>).</summary>
public enum BatchStatus
{
    /// <summary>Fanned out, not finished yet (possibly running or waiting to retry).</summary>
    Pending,
    /// <summary>Scored and written; a second attempt returns at once.</summary>
    Done,
}
