namespace AllianceFhir.Samples.Responses;

/// <summary>The content of one QuestionnaireResponse line.</summary>
/// <param name="Id">Resource id ([A-Za-z0-9-.], at most 64).</param>
/// <param name="Questionnaire">Canonical of the questionnaire, maybe with "|version".</param>
/// <param name="Status">completed, or in-progress for a malformed line.</param>
/// <param name="Subject">Patient reference, or null (malformed).</param>
/// <param name="Authored">When it was filled in (UTC).</param>
/// <param name="Author">Patient (self-report) or Practitioner (clinician-entered) reference, or null.</param>
/// <param name="Items">Flat items in order.</param>
internal sealed record QrDocument(
    string Id,
    string Questionnaire,
    string Status,
    string? Subject,
    DateTimeOffset Authored,
    string? Author,
    IReadOnlyList<QrItem> Items);
