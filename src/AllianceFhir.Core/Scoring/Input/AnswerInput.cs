namespace AllianceFhir.Core.Scoring.Input;

/// <summary>One answer of a response item: its value (null: none) and the items nested under it.</summary>
public sealed record AnswerInput(AnswerValue? Value, IReadOnlyList<ItemInput> Items);
