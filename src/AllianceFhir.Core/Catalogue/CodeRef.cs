using System.Runtime.CompilerServices;

namespace AllianceFhir.Core.Catalogue;

/// <summary>A system|code pair with an optional display; compares on system and code only.</summary>
public sealed record CodeRef(string System, string Code, string? Display = null)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Matches(string? system, string? code) =>
        string.Equals(System, system, StringComparison.Ordinal) && string.Equals(Code, code, StringComparison.Ordinal);

    public override string ToString() => $"{System}|{Code}";
}
