using AllianceFhir.Smart.Features;
using AllianceFhir.Smart.Session;

namespace AllianceFhir.Smart.Tests.Support;

/// <summary>
/// A launched session straight onto the real test FHIR server (no token): stands in for the launch layer so the
/// features can be tested against a real EHR before the launch layer exists. Grants every feature's scopes unless told otherwise.
/// </summary>
public sealed class TestSmartSession(string fhirBaseUrl, string patientId, IReadOnlySet<string>? scopes = null, string? fhirUser = "Practitioner/prac-01") : ISmartSession, IDisposable
{
    public static IReadOnlySet<string> AllScopes { get; } = SmartScopes.Launch.Concat(SmartScopes.ByFeature.Values.SelectMany(s => s)).Concat(SmartScopes.Optional).ToHashSet(StringComparer.Ordinal);

    private readonly HttpClient _client = new() { BaseAddress = new Uri(fhirBaseUrl.TrimEnd('/') + "/") };

    public SmartLaunchContext Context { get; } = new(new Uri(fhirBaseUrl.TrimEnd('/') + "/"), patientId, null, fhirUser, scopes ?? AllScopes, true, null, []);

    public HttpClient EhrHttpClient => _client;

    public void Dispose() => _client.Dispose();
}
