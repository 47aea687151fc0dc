namespace AllianceFhir.Samples.Responses;

/// <summary>A bad line and where it goes: before the patient at <paramref name="Position"/> (or at the end).</summary>
/// <param name="Kind">What is wrong with it.</param>
/// <param name="Position">Index of the patient whose lines it precedes.</param>
/// <param name="Document">A QuestionnaireResponse to serialise, or null for a raw line.</param>
/// <param name="Raw">The raw text when it is not a serialisable response.</param>
/// <param name="ItemNinePositive">A PHQ-9 whose item 9 is above 0.</param>
internal sealed record MalformedLine(MalformedKind Kind, int Position, QrDocument? Document, string? Raw, bool ItemNinePositive);
