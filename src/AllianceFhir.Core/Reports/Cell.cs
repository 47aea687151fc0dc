using System.Globalization;

namespace AllianceFhir.Core.Reports;

/// <summary>A count as it may leave the service: <see cref="Shown"/> is null and <see cref="Text"/> "&lt;11" when suppressed.</summary>
public sealed record Cell(int Value, bool Suppressed, int SuppressBelow)
{
    public int? Shown => Suppressed ? null : Value;

    public string Text => Suppressed ? $"<{SuppressBelow}" : Value.ToString(CultureInfo.InvariantCulture);
}
