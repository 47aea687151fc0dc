namespace AllianceFhir.Samples.Planning;

/// <summary>
/// Draws used by the planner. Only +, −, × and ÷ are used on doubles (no Math.Log/Exp/Cos, whose last bit
/// may differ between C runtimes), so output is byte-identical on every platform.
/// </summary>
internal static class RandomExtensions
{
    public static bool Chance(this Random rng, double probability) => rng.NextDouble() < probability;

    public static double Uniform(this Random rng, double min, double max) => min + (rng.NextDouble() * (max - min));

    /// <summary>Approximately standard normal (Irwin–Hall: sum of 12 uniforms minus 6).</summary>
    public static double Gaussian(this Random rng)
    {
        double sum = 0;
        for (int i = 0; i < 12; i++)
        {
            sum += rng.NextDouble();
        }

        return sum - 6;
    }

    public static T Pick<T>(this Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    /// <summary>Picks by weight; weights need not sum to 1.</summary>
    public static T Weighted<T>(this Random rng, params ReadOnlySpan<(T Value, double Weight)> choices)
    {
        double total = 0;
        foreach (var choice in choices)
        {
            total += choice.Weight;
        }

        double u = rng.NextDouble() * total;
        foreach (var choice in choices)
        {
            if (u < choice.Weight)
            {
                return choice.Value;
            }

            u -= choice.Weight;
        }

        return choices[^1].Value;
    }

    public static int RoundToInt(double value) => (int)Math.Round(value, MidpointRounding.AwayFromZero);
}
