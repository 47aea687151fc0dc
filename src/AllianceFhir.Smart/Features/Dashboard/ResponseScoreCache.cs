using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;

namespace AllianceFhir.Smart.Features.Dashboard;

/// <summary>
/// Scores of QuestionnaireResponses already scored, keyed by EHR, patient, resource id and version, so reloading a
/// dashboard re-scores only new or amended responses. A response the EHR gives no <c>meta.versionId</c> or
/// <c>meta.lastUpdated</c> is scored every time (an amendment could not be told apart). Only ever used for a response
/// the current session has just read from the EHR, so the cache reveals nothing the session could not see.
/// </summary>
public sealed class ResponseScoreCache : IDisposable
{
    /// <summary>About 200 bytes of points per response: 100,000 responses stay well under 100 MB.</summary>
    public const int Capacity = 100_000;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public ScoredResponse GetOrScore(Uri ehr, string patientReference, JsonElement response, Func<JsonElement, ScoredResponse> score)
    {
        var key = Key(ehr, patientReference, response);
        if (key is null) return score(response);
        if (_cache.TryGetValue(key, out ScoredResponse? cached) && cached is not null) return cached;
        var scored = score(response);
        _cache.Set(key, scored, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });
        return scored;
    }

    private static string? Key(Uri ehr, string patientReference, JsonElement response)
    {
        if (!response.TryGetProperty("id", out var id) || id.GetString() is not { Length: > 0 } resourceId) return null;
        if (!response.TryGetProperty("meta", out var meta)) return null;
        var version = meta.TryGetProperty("versionId", out var v) ? v.GetString()
            : meta.TryGetProperty("lastUpdated", out var u) ? u.GetString() : null;
        return version is null ? null : $"{ehr}|{patientReference}|{resourceId}|{version}";
    }

    public void Dispose() => _cache.Dispose();
}
