namespace AllianceFhir.Samples.Responses;

/// <summary>A flat QuestionnaireResponse item with one answer; text only where the wording is public domain.</summary>
internal sealed record QrItem(string LinkId, QrAnswer Answer, string? Text = null);
