using System.Runtime.CompilerServices;

namespace AllianceFhir.Core.Scoring;

/// <summary>
/// Plausibility of a response's envelope: who it is about and when it was written. A response about something other
/// than a patient, or dated in the future or long ago, is rejected (no score, no trajectory point); its safety item is
/// still read, and a positive answer about no patient becomes the "review by hand" issue.
/// </summary>
public static class ResponseEnvelope
{
    /// <summary>
    /// How far past "now" an authored time may be before it is refused: clock skew between the form and us. A
    /// plausibility setting (unverified: no source fits), one day so a time-zone slip never refuses a real response.
    /// </summary>
    public static readonly TimeSpan FutureSkew = TimeSpan.FromDays(1);

    /// <summary>
    /// The earliest authored time accepted: 1900-01-01 UTC. A plausibility setting (unverified: no source fits), set
    /// well before any instrument in the catalogue existed, so only a data-entry or default-date error falls before it.
    /// </summary>
    public static readonly DateTimeOffset EarliestAuthored = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>True for "Patient/{id}" or an absolute ".../Patient/{id}" (optionally versioned).</summary>
    /// <summary>
    /// The status as written: a response read leniently (a CDS Hooks prefetch) may carry a code R4 does not define
    /// ("done"), and Firely's typed <c>Status</c> throws on it; this never does (issue 10 §2).
    /// </summary>
    public static string? StatusLiteral(Hl7.Fhir.Model.QuestionnaireResponse response) => response.StatusElement?.JsonValue as string;

    public static bool IsPatient(string? reference) => IsReferenceTo(reference, "Patient");

    /// <summary>
    /// True for "{type}/{id}" or an absolute ".../{type}/{id}", optionally versioned (".../_history/{v}"): split on '/',
    /// the last segment equal to <paramref name="type"/> is followed by a non-empty id and then nothing or "_history/{v}".
    /// Read in place, segment by segment (issue 12: no Split, array or strings per line).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool IsReferenceTo(string? reference, string type)
    {
        if (string.IsNullOrEmpty(reference)) return false;
        var text = reference.AsSpan();
        int count = 0, at = -1;
        Range id = default, afterId = default;
        foreach (var segment in text.Split('/'))
        {
            if (text[segment].SequenceEqual(type)) at = count;
            else if (at >= 0 && count == at + 1) id = segment;
            else if (at >= 0 && count == at + 2) afterId = segment;
            count++;
        }
        return at >= 0 && at + 1 < count && !text[id].IsEmpty
            && (at + 2 == count || (at + 4 == count && text[afterId].SequenceEqual("_history")));
    }

    /// <summary>Why <paramref name="authored"/> is implausible at <paramref name="now"/>, or null when it is fine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string? AuthoredProblem(DateTimeOffset authored, DateTimeOffset now)
    {
        if (authored > now + FutureSkew)
            return $"authored {authored:yyyy-MM-dd} is in the future (more than {FutureSkew.TotalHours:0} h after now): the response cannot be placed in time";
        if (authored < EarliestAuthored)
            return $"authored {authored:yyyy-MM-dd} is before {EarliestAuthored:yyyy-MM-dd}: not a plausible date for this response";
        return null;
    }
}
