using System.Runtime.CompilerServices;

namespace AllianceFhir.Core.Scoring;

/// <summary>
/// Who answered a response for the patient. A parent or caregiver form is completed by a RelatedPerson, named as the
/// response's <c>author</c> (the SMART app writes the launch user's <c>fhirUser</c> there) or, when a clinician
/// entered it, as its <c>source</c> (R4: "the person who answered the questions about the subject"); the score
/// Observation's performer is then that RelatedPerson (docs/domain.md §8).
/// </summary>
public static class ResponseInformant
{
    /// <summary>The RelatedPerson among <paramref name="author"/> and <paramref name="source"/> (author first), or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string? RelatedPersonOf(string? author, string? source) =>
        IsRelatedPerson(author) ? author : IsRelatedPerson(source) ? source : null;

    /// <summary>True for "RelatedPerson/{id}" or an absolute ".../RelatedPerson/{id}" (optionally versioned).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsRelatedPerson(string? reference) => ResponseEnvelope.IsReferenceTo(reference, "RelatedPerson");
}
