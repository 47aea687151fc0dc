namespace AllianceFhir.Samples;

/// <summary>
/// The kinds of bad line mixed into QuestionnaireResponse.ndjson when
/// <see cref="CohortOptions.IncludeMalformed"/> is set. One line of each kind is written;
/// malformed QuestionnaireResponse ids end in <c>-x{n}</c>.
/// </summary>
public enum MalformedKind
{
    /// <summary>A line of truncated JSON, as from an interrupted export.</summary>
    BrokenJson,

    /// <summary>A JSON object that is not a FHIR resource (no resourceType).</summary>
    NotFhir,

    /// <summary>A PHQ-9 QuestionnaireResponse with status "in-progress" and only some items.</summary>
    InProgress,

    /// <summary>A GAD-7 QuestionnaireResponse without a subject.</summary>
    NoSubject,

    /// <summary>A PHQ-9 QuestionnaireResponse with an extra item linkId "99".</summary>
    UnknownLinkId,

    /// <summary>A WAI-SR QuestionnaireResponse with an answer code (wai-sr-7) outside its answer list.</summary>
    AnswerOutOfRange,

    /// <summary>A GAD-7 QuestionnaireResponse with the same linkId twice.</summary>
    DuplicateItem,

    /// <summary>A QuestionnaireResponse whose questionnaire is not in the catalogue (…/Questionnaire/k10).</summary>
    UnknownQuestionnaire,

    /// <summary>
    /// A PHQ-9 QuestionnaireResponse with item 9 = 3 ("Nearly every day") that is otherwise invalid
    /// (an extra unknown linkId "comment"): the safety signal must still be raised. Counted in
    /// <see cref="CohortSummary.ItemNinePositive"/>.
    /// </summary>
    InvalidWithItemNine,
}
