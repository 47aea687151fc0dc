using System.Runtime.CompilerServices;

namespace AllianceFhir.Core.Catalogue;

/// <summary>An inclusive score band (e.g. PHQ-9 10–14 "moderate").</summary>
public sealed record SeverityBand(string Scale, decimal Min, decimal Max, string Code, string Display)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Contains(decimal score) => score >= Min && score <= Max;
}
