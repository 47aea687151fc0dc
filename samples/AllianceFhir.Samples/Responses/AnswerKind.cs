namespace AllianceFhir.Samples.Responses;

/// <summary>The answer[x] type of a QuestionnaireResponse answer.</summary>
internal enum AnswerKind
{
    Coding,
    Decimal,
    Integer,
    String,
}
