namespace AllianceFhir.FhirServer;

/// <summary>
/// GET [base]/$stats: FHIR requests since start or the last reset (the stats endpoints themselves not counted),
/// by method and by answered status, and how many got an injected fault.
/// </summary>
public sealed record FhirServerStats(
    int Requests,
    IReadOnlyDictionary<string, int> ByMethod,
    IReadOnlyDictionary<string, int> ByStatus,
    int Injected)
{
    /// <summary>The resources searches answered with (match entries, not <c>_include</c> ones): how much a client read.</summary>
    public int Returned { get; init; }

    public int Count(HttpMethod method) => ByMethod.GetValueOrDefault(method.Method);

    public int Count(int status) => ByStatus.GetValueOrDefault(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
