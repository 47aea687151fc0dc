namespace AllianceFhir.Ehr.WriteBack;

/// <summary>Some writes were not confirmed (5xx, 429, timeout): the job fails so Hangfire retries it, and no checkpoint moves.</summary>
public sealed class WriteBackIncompleteException(int unconfirmed, string endpoint)
    : Exception($"{unconfirmed} write(s) to {endpoint} were not confirmed; the batch will be retried");
