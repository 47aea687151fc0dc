namespace AllianceFhir.Core.Scoring.Input;

/// <summary>One item of a response's item tree: linkId, text (kept for the content hash only), answers, child items.</summary>
public sealed record ItemInput(string? LinkId, string? Text, IReadOnlyList<AnswerInput> Answers, IReadOnlyList<ItemInput> Items);
