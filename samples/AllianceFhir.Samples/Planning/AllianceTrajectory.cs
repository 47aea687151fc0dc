namespace AllianceFhir.Samples.Planning;

/// <summary>Planned alliance per session as a fraction 0–1 of the instrument's range.</summary>
internal static class AllianceTrajectory
{
    /// <summary>
    /// Ceiling patients sit at the maximum (shared/domain.md §1: ceiling effects are strong), now and then
    /// a point or two below; the others start at 50–85% and rise slowly. A rupture happens after at least
    /// three sessions of history and drops 15–30% of the range; a repaired one climbs back to the
    /// pre-rupture level within 1–3 sessions (the V of §4), an unrepaired one stays down.
    /// </summary>
    public static double[] Fractions(int sessions, bool ceiling, RuptureKind rupture, Random rng)
    {
        double start = ceiling ? 1 : rng.Uniform(0.5, 0.85);
        double gain = ceiling ? 0 : rng.Uniform(0, 0.15);
        var level = new double[sessions];
        for (int s = 0; s < sessions; s++)
        {
            double progress = sessions == 1 ? 1 : (double)s / (sessions - 1);
            level[s] = Math.Min(1, start + (gain * progress));
        }

        var values = new double[sessions];
        for (int s = 0; s < sessions; s++)
        {
            values[s] = ceiling
                ? (rng.Chance(0.1) ? 1 - rng.Uniform(0.01, 0.05) : 1)
                : level[s] + (rng.Gaussian() * 0.025);
        }

        if (rupture != RuptureKind.None && sessions >= 5)
        {
            int at = rng.Next(3, sessions - 1);
            double drop = rng.Uniform(0.15, 0.3);
            double before = values[at - 1];
            if (rupture == RuptureKind.Repaired)
            {
                int repairIn = Math.Min(rng.Next(1, 4), sessions - 1 - at);
                values[at] = before - drop;
                for (int j = 1; j <= repairIn; j++)
                {
                    values[at + j] = j == repairIn ? Math.Max(before, values[at + j]) : before - (drop * (1 - ((double)j / repairIn)));
                }
            }
            else
            {
                for (int s = at; s < sessions; s++)
                {
                    values[s] = before - (drop * rng.Uniform(0.75, 1));
                }
            }
        }

        for (int s = 0; s < sessions; s++)
        {
            values[s] = Math.Clamp(values[s], 0, 1);
        }

        return values;
    }
}
