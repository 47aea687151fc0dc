namespace AllianceFhir.Samples.Responses;

/// <summary>One answer value: a Coding (display optional), a decimal, an integer or a string.</summary>
internal readonly record struct QrAnswer(AnswerKind Kind, string? System, string? Code, string? Display, decimal Number)
{
    public static QrAnswer Coding(string system, string code, string? display = null) =>
        new(AnswerKind.Coding, system, code, display, 0);

    public static QrAnswer Decimal(decimal value) => new(AnswerKind.Decimal, null, null, null, value);

    public static QrAnswer Integer(int value) => new(AnswerKind.Integer, null, null, null, value);

    public static QrAnswer String(string value) => new(AnswerKind.String, null, null, value, 0);
}
