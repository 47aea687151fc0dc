namespace AllianceFhir.Service.Plans;

/// <summary>A programme's measurement plan (<c>MeasurementPlans:Programmes:{name}</c>).</summary>
public sealed class ProgrammePlanOptions
{
    public List<MeasureOptions> Measures { get; set; } = [];
}
