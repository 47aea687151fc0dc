namespace AllianceFhir.Ehr.WriteBack;

public enum WriteOutcome
{
    Created,
    /// <summary>The EHR already held a resource with this identifier (conditional create matched, or the search found it).</summary>
    Existed,
    /// <summary>Refused for good (4xx other than 408/429): recorded with its OperationOutcome, never retried.</summary>
    Failed,
    /// <summary>Not confirmed (5xx, 408, 429, no answer): the batch must be tried again; its checkpoint stays.</summary>
    Retry,
    /// <summary>A revision replaced the resource's state in place (PUT answered 200, or 201 where update creates).</summary>
    Updated,
    /// <summary>The EHR does not allow update on the type: the revision was created as a new resource naming the old one.</summary>
    Replaced,
}
