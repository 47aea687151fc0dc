namespace AllianceFhir.CdsHooks;

/// <summary>CDS Hooks 2.0 feedback: what the clinician did with one or more cards.</summary>
public sealed class FeedbackRequest
{
    public List<FeedbackItem>? Feedback { get; init; }
}

public sealed class FeedbackItem
{
    public string? Card { get; init; }

    /// <summary>accepted | overridden.</summary>
    public string? Outcome { get; init; }

    public OverrideReason? OverrideReason { get; init; }

    public DateTimeOffset? OutcomeTimestamp { get; init; }

    public List<System.Text.Json.JsonElement>? AcceptedSuggestions { get; init; }
}

public sealed class OverrideReason
{
    public CdsCodingInput? Reason { get; init; }

    /// <summary>Free text the clinician typed: read, never stored (it may name the patient).</summary>
    public string? UserComment { get; init; }
}

public sealed class CdsCodingInput
{
    public string? System { get; init; }

    public string? Code { get; init; }

    public string? Display { get; init; }
}
