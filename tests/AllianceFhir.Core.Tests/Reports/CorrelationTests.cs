using AllianceFhir.Core.Reports;

namespace AllianceFhir.Core.Tests.Reports;

public class CorrelationTests
{
    // x = 1..5, y = 2,4,5,4,5: Sxy = 6, Sxx = 10, Syy = 6, so r = 6/√60 = 0.774597; z = atanh r = 1.03172,
    // SE = 1/√2, 95% CI = tanh(z ∓ 1.95996·0.70711) = (−0.34008, 0.98424).
    private static readonly (double, double)[] Pairs = [(1, 2), (2, 4), (3, 5), (4, 4), (5, 5)];

    [Fact]
    public void Pearson_WhenFivePairs_ThenRAndFisherInterval()
    {
        var r = Correlation.Pearson(Pairs);
        Assert.Equal(5, r.N);
        Assert.Equal(0.774597, r.R!.Value, 5);
        Assert.Equal(-0.340082, r.Lower!.Value, 5);
        Assert.Equal(0.984236, r.Upper!.Value, 5);
    }

    // Ranks of y with ties averaged: 1, 2.5, 4.5, 2.5, 4.5; ρ = Pearson on ranks = 0.737865;
    // Bonett–Wright SE = √((1 + ρ²/2)/2) = 0.80367; CI = (−0.54933, 0.98685).
    [Fact]
    public void Spearman_WhenTies_ThenAverageRanksAndBonettWrightInterval()
    {
        var r = Correlation.Spearman(Pairs);
        Assert.Equal(0.737865, r.R!.Value, 5);
        Assert.Equal(-0.549332, r.Lower!.Value, 5);
        Assert.Equal(0.986851, r.Upper!.Value, 5);
    }

    [Fact]
    public void Ranks_WhenTied_ThenShareTheAverage()
    {
        Assert.Equal([2.5, 1, 2.5, 4], Correlation.Ranks([5, 1, 5, 9]));
    }

    [Fact]
    public void Pearson_WhenThreePairs_ThenRWithoutInterval()
    {
        var r = Correlation.Pearson([(1, 1), (2, 3), (3, 2)]);
        Assert.Equal(0.5, r.R!.Value, 10);
        Assert.Null(r.Lower);
    }

    [Fact]
    public void Pearson_WhenOneVariableConstant_ThenNoR()
    {
        Assert.Null(Correlation.Pearson([(1, 2), (2, 2), (3, 2), (4, 2)]).R);
    }
}
