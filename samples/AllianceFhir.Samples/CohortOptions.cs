namespace AllianceFhir.Samples;

/// <summary>
/// Options for <see cref="CohortGenerator"/>. The same options always give byte-identical output.
/// </summary>
/// <param name="Patients">Number of patients (0 or more). Each has a course of 6–16 weekly sessions.</param>
/// <param name="Seed">Seed of every random choice; each patient draws from its own stream derived from it.</param>
/// <param name="IncludeMalformed">Mix one malformed line of each <see cref="MalformedKind"/> into the QuestionnaireResponse output (none when there are no patients).</param>
/// <param name="Start">Anchor of the calendar (first possible session). Default <see cref="DefaultStart"/>.</param>
public sealed record CohortOptions(
    int Patients = 60,
    int Seed = 20261122,
    bool IncludeMalformed = true,
    DateTimeOffset? Start = null)
{
    /// <summary>Monday 2026-01-05 09:00 UTC.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    /// <summary><see cref="Start"/> in UTC, or <see cref="DefaultStart"/>.</summary>
    public DateTimeOffset StartOrDefault => (Start ?? DefaultStart).ToUniversalTime();
}
