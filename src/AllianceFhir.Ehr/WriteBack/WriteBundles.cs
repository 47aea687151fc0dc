using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Ehr.WriteBack;

/// <summary>
/// Builds the Bundles write-back sends and reads their responses. Batch Bundles, not transactions: one refused
/// resource must not sink the others (a transaction would roll back all of them).
/// </summary>
public static class WriteBundles
{
    private static readonly FhirJsonSerializer Serializer = new();

    public static Identifier IdentifierOf(Resource resource) => resource switch
    {
        Observation o => o.Identifier.First(),
        Flag f => f.Identifier.First(),
        Hl7.Fhir.Model.Task t => t.Identifier.First(),
        Communication c => c.Identifier.First(),
        QuestionnaireResponse q when q.Identifier is not null => q.Identifier,
        _ => throw new ArgumentException($"{resource.TypeName} carries no identifier write-back can use", nameof(resource)),
    };

    /// <summary>POST each resource with If-None-Exist on its identifier.</summary>
    public static Bundle ConditionalCreate(IEnumerable<Resource> resources) => Batch(resources.Select(r =>
    {
        var identifier = IdentifierOf(r);
        return new Bundle.EntryComponent
        {
            FullUrl = $"urn:uuid:{Guid.NewGuid()}",
            Resource = WithoutId(r),
            Request = new Bundle.RequestComponent
            {
                Method = Bundle.HTTPVerb.POST,
                Url = r.TypeName,
                IfNoneExist = $"identifier={Escape(identifier.System)}|{Escape(identifier.Value)}",
            },
        };
    }));

    /// <summary>Plain POSTs (after the ledger and a search showed none of them exists).</summary>
    public static Bundle Create(IEnumerable<Resource> resources) => Batch(resources.Select(r => new Bundle.EntryComponent
    {
        FullUrl = $"urn:uuid:{Guid.NewGuid()}",
        Resource = WithoutId(r),
        Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = r.TypeName },
    }));

    /// <summary>One GET search by identifier per resource, so existence is checked in one request for many.</summary>
    public static Bundle IdentifierSearch(IEnumerable<Resource> resources) => Batch(resources.Select(r =>
    {
        var identifier = IdentifierOf(r);
        return new Bundle.EntryComponent
        {
            Request = new Bundle.RequestComponent
            {
                Method = Bundle.HTTPVerb.GET,
                Url = $"{r.TypeName}?identifier={Escape(identifier.System)}|{Escape(identifier.Value)}&_elements=id&_count=1",
            },
        };
    }));

    /// <summary>
    /// One GET search by identifier per resource returning the matches themselves (a revision must tell the current
    /// one from those it replaced, <see cref="Replacements"/>, and learn its version for If-Match).
    /// </summary>
    public static Bundle IdentifierSearchFull(IEnumerable<Resource> resources) => Batch(resources.Select(r =>
    {
        var identifier = IdentifierOf(r);
        return new Bundle.EntryComponent
        {
            Request = new Bundle.RequestComponent
            {
                Method = Bundle.HTTPVerb.GET,
                Url = $"{r.TypeName}?identifier={Escape(identifier.System)}|{Escape(identifier.Value)}&_count=50",
            },
        };
    }));

    /// <summary>PUT each revised resource over the EHR's resource (its id there), with If-Match on the version when known.</summary>
    public static Bundle Update(IEnumerable<(Resource Resource, string EhrId, string? VersionId)> updates) => Batch(updates.Select(u =>
    {
        var copy = (Resource)u.Resource.DeepCopy();
        copy.Id = u.EhrId;
        copy.Meta = null;
        return new Bundle.EntryComponent
        {
            Resource = copy,
            Request = new Bundle.RequestComponent
            {
                Method = Bundle.HTTPVerb.PUT,
                Url = $"{copy.TypeName}/{u.EhrId}",
                IfMatch = u.VersionId is null ? null : $"W/\"{u.VersionId}\"",
            },
        };
    }));

    /// <summary>For a full identifier-search batch: the matching resources per sent resource, or throws when the search failed.</summary>
    public static IReadOnlyList<IReadOnlyList<Resource>> ReadSearchResponseFull(IReadOnlyList<Resource> sent, Bundle response)
    {
        var found = new List<IReadOnlyList<Resource>>(sent.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            var entry = i < response.Entry.Count ? response.Entry[i] : null;
            var status = StatusCode(entry?.Response?.Status);
            if (status != 200 || entry?.Resource is not Bundle searchset)
                throw new InvalidOperationException($"identifier search for {sent[i].TypeName} answered {entry?.Response?.Status ?? "nothing"}");
            found.Add(searchset.Entry.Select(e => e.Resource).Where(r => r?.TypeName == sent[i].TypeName).Cast<Resource>().ToList());
        }
        return found;
    }

    /// <summary>
    /// Pairs each PUT with its entry's response: 200/201 updated; 412 (the version moved under us) and 5xx/408/429
    /// are tried again; any other 4xx is refused for good. The version the EHR now holds comes back in the result.
    /// </summary>
    public static IReadOnlyList<(WriteResult Result, string? VersionId)> ReadUpdateResponse(IReadOnlyList<Resource> sent, IReadOnlyList<string> ehrIds, Bundle? response)
    {
        var results = new List<(WriteResult, string?)>(sent.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            var identifier = IdentifierOf(sent[i]);
            var entry = response is not null && i < response.Entry.Count ? response.Entry[i] : null;
            var status = StatusCode(entry?.Response?.Status);
            var outcome = status switch
            {
                200 or 201 => WriteOutcome.Updated,
                null or 408 or 412 or 429 or >= 500 => WriteOutcome.Retry,
                _ => WriteOutcome.Failed,
            };
            var version = VersionOf(entry);
            var operationOutcome = entry?.Response?.Outcome is { } oo ? Serializer.SerializeToString(oo)
                : entry?.Resource is OperationOutcome o ? Serializer.SerializeToString(o) : null;
            results.Add((new WriteResult(sent[i].TypeName, identifier.System!, identifier.Value!, outcome, status, ehrIds[i], operationOutcome), version));
        }
        return results;
    }

    /// <summary>The version a create or update answered with (resource meta, ETag or Location's _history).</summary>
    public static string? VersionOf(Bundle.EntryComponent? entry) =>
        entry?.Resource?.Meta?.VersionId ?? VersionFromEtag(entry?.Response?.Etag) ?? VersionFromLocation(entry?.Response?.Location);

    private static string? VersionFromEtag(string? etag)
    {
        if (string.IsNullOrEmpty(etag)) return null;
        var value = etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag;
        return value.Trim('"');
    }

    private static string? VersionFromLocation(string? location)
    {
        if (string.IsNullOrEmpty(location)) return null;
        var parts = location.Split('/');
        var history = Array.IndexOf(parts, "_history");
        return history > 0 && history + 1 < parts.Length ? parts[history + 1] : null;
    }

    /// <summary>Pairs each sent resource with its entry's response (a batch answers in request order).</summary>
    public static IReadOnlyList<WriteResult> ReadCreateResponse(IReadOnlyList<Resource> sent, Bundle? response)
    {
        var results = new List<WriteResult>(sent.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            var identifier = IdentifierOf(sent[i]);
            var entry = response is not null && i < response.Entry.Count ? response.Entry[i] : null;
            var status = StatusCode(entry?.Response?.Status);
            var outcome = status switch
            {
                201 => WriteOutcome.Created,
                200 => WriteOutcome.Existed,
                null or 408 or 429 or >= 500 => WriteOutcome.Retry,
                _ => WriteOutcome.Failed,
            };
            var ehrId = entry?.Resource?.Id ?? IdFromLocation(entry?.Response?.Location);
            var operationOutcome = entry?.Response?.Outcome is { } oo ? Serializer.SerializeToString(oo)
                : entry?.Resource is OperationOutcome o ? Serializer.SerializeToString(o) : null;
            results.Add(new WriteResult(sent[i].TypeName, identifier.System!, identifier.Value!, outcome, status, ehrId, operationOutcome));
        }
        return results;
    }

    /// <summary>For an identifier-search batch: the ids found per sent resource (null when not found), or throws when the search failed.</summary>
    public static IReadOnlyList<string?> ReadSearchResponse(IReadOnlyList<Resource> sent, Bundle response)
    {
        var found = new List<string?>(sent.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            var entry = i < response.Entry.Count ? response.Entry[i] : null;
            var status = StatusCode(entry?.Response?.Status);
            if (status != 200 || entry?.Resource is not Bundle searchset)
                throw new InvalidOperationException($"identifier search for {sent[i].TypeName} answered {entry?.Response?.Status ?? "nothing"}");
            found.Add(searchset.Entry.FirstOrDefault(e => e.Resource?.TypeName == sent[i].TypeName)?.Resource?.Id);
        }
        return found;
    }

    public static int? StatusCode(string? status) =>
        status is not null && status.Length >= 3 && int.TryParse(status.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;

    private static Bundle Batch(IEnumerable<Bundle.EntryComponent> entries) => new() { Type = Bundle.BundleType.Batch, Entry = entries.ToList() };

    /// <summary>The EHR assigns ids: ours stay in the identifier, where any EHR keeps them.</summary>
    private static Resource WithoutId(Resource resource)
    {
        var copy = (Resource)resource.DeepCopy();
        copy.Id = null;
        return copy;
    }

    private static string? IdFromLocation(string? location)
    {
        if (string.IsNullOrEmpty(location)) return null;
        var parts = location.Split('/');
        var history = Array.IndexOf(parts, "_history");
        return history > 0 ? parts[history - 1] : parts[^1];
    }

    private static string Escape(string? value) => Uri.EscapeDataString(value ?? "");
}
