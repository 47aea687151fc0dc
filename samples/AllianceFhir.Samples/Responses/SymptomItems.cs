using AllianceFhir.Samples.Catalogue;
using AllianceFhir.Samples.Planning;

namespace AllianceFhir.Samples.Responses;

/// <summary>Item values 0–3 of a PHQ-9 or GAD-7 response for a planned total.</summary>
internal static class SymptomItems
{
    /// <summary>
    /// PHQ-9 item 9 is drawn first: at-risk patients answer above 0 in about 27% of sessions with a total
    /// of 10 or more, anyone else now and then at 15 or more (about 3% of PHQ-9 responses in all).
    /// </summary>
    public static int[] Draw(PatientPlan plan, InstrumentSpec spec, int total, Random rng)
    {
        if (spec != Instruments.Phq9)
        {
            return ScoreSplitter.Split(total, spec.ItemCount, 0, 3, rng);
        }

        int itemNine = 0;
        if (plan.SelfHarmRisk && total >= 10 && rng.Chance(0.27))
        {
            itemNine = rng.Weighted((1, 0.65), (2, 0.25), (3, 0.1));
        }
        else if (total >= 15 && rng.Chance(0.015))
        {
            itemNine = 1;
        }

        var firstEight = ScoreSplitter.Split(total - itemNine, 8, 0, 3, rng);
        return [.. firstEight, itemNine];
    }

    /// <summary>Difficulty level 0–3 rising with the total, or null when the clinic's form has no difficulty item.</summary>
    public static int? Difficulty(PatientPlan plan, InstrumentSpec spec, int total, Random rng) =>
        plan.Clinic.AsksDifficulty
            ? Math.Clamp(RandomExtensions.RoundToInt((total * 3.6 / spec.MaxTotal) + (rng.Gaussian() * 0.5)), 0, 3)
            : null;

    /// <summary>
    /// Which scored items to leave out: as many as the session plan says for this instrument, else one in about
    /// 0.4% of responses (prorated by the default rule). PHQ-9 item 9 is never the one left out, so its safety
    /// meaning stays clear.
    /// </summary>
    public static HashSet<int> Missing(InstrumentSpec spec, SessionPlan session, Random rng)
    {
        double u = rng.NextDouble();
        int count = session.IncompleteInstrument == spec.Id ? session.MissingItems : u < 0.004 ? 1 : 0;
        int candidates = spec == Instruments.Phq9 ? 8 : spec.ItemCount;
        var missing = new HashSet<int>();
        while (missing.Count < count)
        {
            missing.Add(rng.Next(candidates));
        }

        return missing;
    }
}
