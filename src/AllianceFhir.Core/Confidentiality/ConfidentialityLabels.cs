using System.Globalization;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Reports;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Confidentiality;

/// <summary>
/// Which written resources carry the young-person security labels, and the labels themselves (docs/domain.md §9): the
/// QuestionnaireResponse of an alliance instrument and the alliance score Observations of a patient younger than
/// <see cref="ConfidentialitySettings.YoungPersonAgeLimit"/> on the day the response was authored.
/// </summary>
public static class ConfidentialityLabels
{
    public const string ConfidentialitySystem = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    public const string ActCodeSystem = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    /// <summary>Displays of the codes a site is likely to choose (HL7 v3 code systems); others are written without one.</summary>
    private static readonly Dictionary<string, string> Displays = new(StringComparer.Ordinal)
    {
        ["R"] = "restricted", ["V"] = "very restricted", ["N"] = "normal",
        ["MH"] = "mental health information sensitivity", ["PSY"] = "psychiatry disorder information sensitivity",
        ["PSYTHPN"] = "psychotherapy note information sensitivity",
    };

    /// <summary>The labels the settings name (confidentiality first); empty when the site turned them off.</summary>
    public static IReadOnlyList<Coding> Codings(ConfidentialitySettings settings)
    {
        var codings = new List<Coding>();
        if (!string.IsNullOrWhiteSpace(settings.Confidentiality))
            codings.Add(new Coding(ConfidentialitySystem, settings.Confidentiality.Trim(), Displays.GetValueOrDefault(settings.Confidentiality.Trim())));
        foreach (var code in (settings.Sensitivity ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            codings.Add(new Coding(ActCodeSystem, code, Displays.GetValueOrDefault(code)));
        return codings;
    }

    /// <summary>
    /// True when a patient born on <paramref name="birthDate"/> (FHIR date: YYYY, YYYY-MM or YYYY-MM-DD) was under the
    /// limit on <paramref name="at"/>. A partial date counts from its latest possible day (the youngest the patient can
    /// be); no or an unreadable date follows <see cref="ConfidentialitySettings.LabelWhenAgeUnknown"/>.
    /// </summary>
    public static bool IsYoungPerson(string? birthDate, DateTimeOffset at, ConfidentialitySettings settings)
    {
        if (settings.YoungPersonAgeLimit <= 0) return false;
        if (LatestBirthDay(birthDate) is not { } birth) return settings.LabelWhenAgeUnknown;
        return AgeBands.Age(birth, DateOnly.FromDateTime(at.UtcDateTime)) < settings.YoungPersonAgeLimit;
    }

    /// <summary>True when resources from this instrument are labelled for young people: the alliance instruments.</summary>
    public static bool Covers(Instrument? instrument) => instrument?.Category == InstrumentCategory.Alliance;

    /// <summary>Adds the labels to <paramref name="resource"/>'s <c>meta.security</c> (a label already there is kept once).</summary>
    public static void Apply(Resource resource, ConfidentialitySettings settings)
    {
        var codings = Codings(settings);
        if (codings.Count == 0) return;
        resource.Meta ??= new Meta();
        foreach (var coding in codings)
            if (!resource.Meta.Security.Any(s => s.System == coding.System && s.Code == coding.Code))
                resource.Meta.Security.Add((Coding)coding.DeepCopy());
    }

    private static DateOnly? LatestBirthDay(string? birthDate)
    {
        if (string.IsNullOrWhiteSpace(birthDate)) return null;
        var text = birthDate.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        if (DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)) return month.AddMonths(1).AddDays(-1);
        if (DateOnly.TryParseExact(text, "yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var year)) return new DateOnly(year.Year, 12, 31);
        return null;
    }
}
