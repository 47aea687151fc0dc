namespace AllianceFhir.Samples.Responses;

/// <summary>Splits a planned total into item values.</summary>
internal static class ScoreSplitter
{
    /// <summary>
    /// <paramref name="count"/> values in [min, max] summing to <paramref name="total"/> (clamped to what is
    /// reachable), spread at random one point at a time.
    /// </summary>
    public static int[] Split(int total, int count, int min, int max, Random rng)
    {
        var items = new int[count];
        Array.Fill(items, min);
        int remaining = Math.Clamp(total, count * min, count * max) - (count * min);
        while (remaining > 0)
        {
            int i = rng.Next(count);
            if (items[i] < max)
            {
                items[i]++;
                remaining--;
            }
        }

        return items;
    }
}
