namespace AllianceFhir.Samples.Planning;

/// <summary>Planned session totals of a symptom measure (PHQ-9 or GAD-7).</summary>
internal static class SymptomTrajectory
{
    /// <summary>
    /// Totals for each session; the first is <paramref name="intake"/>. Improving courses decay
    /// geometrically towards an end level of 12–60% of intake (many reach reliable improvement or
    /// recovery); flat ones wander around intake; deteriorating ones climb 4–9 points.
    /// </summary>
    public static int[] Totals(int intake, int maxTotal, TrajectoryKind kind, int sessions, Random rng)
    {
        double end = kind switch
        {
            TrajectoryKind.Improving => intake * rng.Uniform(0.12, 0.6),
            TrajectoryKind.Flat => intake + rng.Uniform(-2, 2),
            _ => intake + rng.Uniform(4, 9),
        };
        double keep = rng.Uniform(0.6, 0.88);
        double noise = kind == TrajectoryKind.Improving ? 1.4 : 1.8;

        var totals = new int[sessions];
        double remaining = 1;
        for (int s = 0; s < sessions; s++)
        {
            double progress = sessions == 1 ? 1 : (double)s / (sessions - 1);
            double expected = kind == TrajectoryKind.Improving
                ? end + ((intake - end) * remaining)
                : intake + ((end - intake) * progress);
            double value = s == 0 ? intake : expected + (rng.Gaussian() * noise);
            totals[s] = Math.Clamp(RandomExtensions.RoundToInt(value), 0, maxTotal);
            remaining *= keep;
        }

        return totals;
    }

    /// <summary>Intake PHQ-9: mostly 8–24 (peak near 16), one in ten below caseness at 3–7.</summary>
    public static int Phq9Intake(Random rng) =>
        rng.Chance(0.1)
            ? rng.Next(3, 8)
            : RandomExtensions.RoundToInt(8 + (8 * (rng.NextDouble() + rng.NextDouble())));

    /// <summary>Intake GAD-7, correlated with the PHQ-9 intake.</summary>
    public static int Gad7Intake(int phq9Intake, Random rng) =>
        Math.Clamp(RandomExtensions.RoundToInt((phq9Intake * 0.72) + (rng.Gaussian() * 2.5)), 2, 21);
}
