namespace AllianceFhir.Ehr.WriteBack;

/// <summary>
/// How a <see cref="WriteOutcome"/> is stored in the ledger's <c>outcome</c> column and named in run reports: the one
/// place the words live, so code compares the enum and never the text.
/// </summary>
public static class WriteOutcomeText
{
    public const string Created = "created";
    public const string Existed = "existed";
    public const string Updated = "updated";
    public const string Failed = "failed";

    /// <summary>The stored word: a replacement (a revision written as a new resource) is recorded as updated, like an update in place.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="WriteOutcome.Retry"/>: an unconfirmed write is never recorded.</exception>
    public static string Of(WriteOutcome outcome) => outcome switch
    {
        WriteOutcome.Created => Created,
        WriteOutcome.Existed => Existed,
        WriteOutcome.Updated or WriteOutcome.Replaced => Updated,
        WriteOutcome.Failed => Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "an unconfirmed write is not recorded in the ledger"),
    };

    /// <exception cref="FormatException">A word the ledger never writes.</exception>
    public static WriteOutcome Parse(string text) => text switch
    {
        Created => WriteOutcome.Created,
        Existed => WriteOutcome.Existed,
        Updated => WriteOutcome.Updated,
        Failed => WriteOutcome.Failed,
        _ => throw new FormatException($"'{text}' is not a ledger outcome ({Created}, {Existed}, {Updated}, {Failed})"),
    };
}
