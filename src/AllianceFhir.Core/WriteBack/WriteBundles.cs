using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Core.WriteBack;

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
