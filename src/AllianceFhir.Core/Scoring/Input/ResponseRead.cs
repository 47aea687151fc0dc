namespace AllianceFhir.Core.Scoring.Input;

/// <summary>
/// One response as <see cref="ResponseReader"/> read it: its <see cref="Input"/>, or the <see cref="Rejection"/> that
/// refused it (with its raw JSON when it claimed to be a QuestionnaireResponse, for the safety read). <see cref="Warnings"/>
/// names something odd that did not stop the read (a byte-order mark).
/// </summary>
public sealed record ResponseRead(ResponseInput? Input, ScoringIssue? Rejection, string? UnparsedJson, IReadOnlyList<ScoringIssue> Warnings)
{
    /// <summary>
    /// Scores it with <paramref name="scorer"/>: the input as any response; a refused response from its JSON as far as
    /// its safety item goes (rejected, so no score); JSON that is not a response at all, the rejection alone.
    /// </summary>
    public ScoringResult Score(ResponseScorer scorer)
    {
        if (Input is not null) return scorer.Score(Input);
        var rejection = Rejection ?? ScoringIssue.Unparsed;
        return UnparsedJson is not null ? scorer.ScoreUnparsed(UnparsedJson, rejection) : new ScoringResult(null, null, null, null, null, [], null, [rejection]);
    }
}
