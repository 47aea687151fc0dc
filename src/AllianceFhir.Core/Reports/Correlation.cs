namespace AllianceFhir.Core.Reports;

/// <summary>
/// Pearson and Spearman correlations with 95% confidence intervals. Pearson: Fisher's z, SE = 1/√(n−3).
/// Spearman: Fisher's z with the Bonett &amp; Wright (2000) SE = √((1 + ρ²/2)/(n−3)). Ties get average ranks.
/// Hand-written (a few lines) because Core references only the framework and the Firely model.
/// </summary>
public static class Correlation
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z975 = 1.959963984540054;

    public static CorrelationResult Pearson(IReadOnlyList<(double X, double Y)> pairs)
    {
        var r = PearsonR(pairs.Select(p => p.X).ToArray(), pairs.Select(p => p.Y).ToArray());
        return WithInterval("pearson", pairs.Count, r, n => 1 / Math.Sqrt(n - 3));
    }

    public static CorrelationResult Spearman(IReadOnlyList<(double X, double Y)> pairs)
    {
        var r = PearsonR(Ranks(pairs.Select(p => p.X).ToArray()), Ranks(pairs.Select(p => p.Y).ToArray()));
        return WithInterval("spearman", pairs.Count, r, n => Math.Sqrt((1 + r!.Value * r.Value / 2) / (n - 3)));
    }

    private static CorrelationResult WithInterval(string method, int n, double? r, Func<int, double> se)
    {
        if (r is not { } value || n < 4) return new CorrelationResult(method, n, r, null, null);
        if (Math.Abs(value) >= 1) return new CorrelationResult(method, n, value, value, value);
        var z = Math.Atanh(value);
        var s = se(n);
        return new CorrelationResult(method, n, value, Math.Tanh(z - Z975 * s), Math.Tanh(z + Z975 * s));
    }

    /// <summary>Null with fewer than 3 pairs or when either variable does not vary.</summary>
    public static double? PearsonR(double[] x, double[] y)
    {
        if (x.Length < 3) return null;
        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        if (sxx == 0 || syy == 0) return null;
        return sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>1-based ranks; tied values share the average of their ranks.</summary>
    public static double[] Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]]) j++;
            var rank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++) ranks[order[k]] = rank;
            i = j + 1;
        }
        return ranks;
    }
}
