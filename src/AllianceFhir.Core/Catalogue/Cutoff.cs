using System.Runtime.CompilerServices;

namespace AllianceFhir.Core.Catalogue;

/// <summary>A threshold on a scale; <see cref="Source"/> is the citation carried in the profile.</summary>
public sealed record Cutoff(string Scale, CutoffKind Kind, string Comparator, decimal Value, string? Source)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsMetBy(decimal score) => Comparator switch
    {
        ">=" => score >= Value,
        "<" => score < Value,
        ">" => score > Value,
        "<=" => score <= Value,
        _ => throw new InvalidOperationException($"Unknown comparator '{Comparator}'"),
    };
}
