using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace AllianceFhir.Sandbox.Authorization;

/// <summary>Launch contexts by their opaque launch id, in memory (a sandbox restart forgets them). Valid for an hour.</summary>
internal sealed class LaunchStore(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, LaunchContext> _launches = new(StringComparer.Ordinal);

    public string Create(string patientId, string practitionerId, string? encounterId, IEnumerable<string>? withheldScopes, bool ehrShowsBanner = true) =>
        Add(new LaunchContext(
            patientId, practitionerId, encounterId,
            new HashSet<string>(withheldScopes ?? [], StringComparer.Ordinal),
            ehrShowsBanner,
            time.GetUtcNow()));

    /// <summary>A patient-portal launch: the signed-in user is the Patient or a RelatedPerson (<paramref name="userType"/>/<paramref name="userId"/>).</summary>
    public string CreatePortal(string patientId, string userType, string userId) =>
        Add(new LaunchContext(patientId, userId, null, new HashSet<string>(StringComparer.Ordinal), false, time.GetUtcNow(), userType));

    private string Add(LaunchContext launch)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _launches[id] = launch;
        return id;
    }

    public LaunchContext? Find(string launchId) =>
        _launches.TryGetValue(launchId, out var launch) && time.GetUtcNow() - launch.Created < Lifetime ? launch : null;
}
