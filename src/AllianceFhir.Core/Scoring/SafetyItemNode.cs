using AllianceFhir.Core.Scoring.Input;

namespace AllianceFhir.Core.Scoring;

/// <summary>
/// One item of a response's item tree as the safety reader sees it in raw JSON (a parsed response is walked in place):
/// its linkId, any item codes the JSON carried, where it stands, and its answer values (null: unreadable).
/// </summary>
internal sealed record SafetyItemNode(string? LinkId, IReadOnlyList<string> Codes, string Path, int Depth, IReadOnlyList<(AnswerValue? Value, string Path, string Kind)> Answers);
