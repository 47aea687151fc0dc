namespace AllianceFhir.Sandbox.Proxy;

/// <summary>
/// What a FHIR request does, as SMART v2 permissions see it: the resource type (null at the system level), the id for
/// instance requests, and the interaction: c(reate), r(ead), u(pdate), d(elete), s(earch). <see cref="History"/> marks a
/// <c>_history</c> listing (of an instance, or of a whole type when <see cref="Id"/> is null); a vread is a plain read.
/// </summary>
internal sealed record FhirTarget(string? ResourceType, string? Id, char Interaction, bool History = false)
{
    /// <summary>
    /// Classifies <paramref name="method"/> on <paramref name="path"/> (the part after the FHIR base, e.g. "/Patient/1").
    /// Operations ($...) and _history count as reads or searches of their type; the system level (batch,
    /// transaction, whole-system search) has no type.
    /// </summary>
    public static FhirTarget Classify(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var type = segments.Length > 0 && !segments[0].StartsWith('$') && !segments[0].StartsWith('_') ? segments[0] : null;
        var id = type is not null && segments.Length > 1 && !segments[1].StartsWith('$') && !segments[1].StartsWith('_') ? segments[1] : null;
        var interaction = method.ToUpperInvariant() switch
        {
            "GET" or "HEAD" => id is null ? 's' : 'r',
            "POST" when type is not null && segments.Length > 1 && segments[^1] == "_search" => 's',
            "POST" when type is not null && segments.Length > 1 && segments[^1].StartsWith('$') => id is null ? 's' : 'r',
            "POST" => 'c',
            "PUT" or "PATCH" => 'u',
            "DELETE" => 'd',
            _ => 'r',
        };
        var history = type is not null && segments[^1] == "_history";
        return new FhirTarget(type, id, interaction, history);
    }
}
