namespace AllianceFhir.Service.Nightly;

/// <summary>Hands a batch of a run to whoever will score it (Hangfire's queue in the host).</summary>
public interface IBatchDispatcher
{
    void Dispatch(string runId, int batchNo);
}
