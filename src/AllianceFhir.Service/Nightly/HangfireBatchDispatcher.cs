using Hangfire;

namespace AllianceFhir.Service.Nightly;

/// <summary>Enqueues each batch as its own Hangfire job: any service instance on the same storage may take it.</summary>
public sealed class HangfireBatchDispatcher(IBackgroundJobClient jobs) : IBatchDispatcher
{
    public void Dispatch(string runId, int batchNo) =>
        jobs.Enqueue<ScorePatientsBatchJob>(job => job.RunAsync(runId, batchNo, CancellationToken.None));
}
