namespace AllianceFhir.State;

/// <summary>
/// The one mapping between run and batch states and the words the runs and batches tables hold (migration 0001).
/// Stores bind these as parameters; nothing else compares the words.
/// </summary>
public static class RunStatusCodes
{
    public static string Code(RunStatus status) => status switch
    {
        RunStatus.Ingesting => "ingesting",
        RunStatus.Scoring => "scoring",
        RunStatus.Complete => "complete",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static RunStatus ParseRun(string code) => code switch
    {
        "ingesting" => RunStatus.Ingesting,
        "scoring" => RunStatus.Scoring,
        "complete" => RunStatus.Complete,
        _ => throw new FormatException($"unknown run status '{code}' in runs.status"),
    };

    public static string Code(BatchStatus status) => status switch
    {
        BatchStatus.Pending => "pending",
        BatchStatus.Done => "done",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static BatchStatus ParseBatch(string code) => code switch
    {
        "pending" => BatchStatus.Pending,
        "done" => BatchStatus.Done,
        _ => throw new FormatException($"unknown batch status '{code}' in batches.status"),
    };
}
