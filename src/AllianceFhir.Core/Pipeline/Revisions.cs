using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Resources;
using AllianceFhir.Core.Trajectories;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Pipeline;

/// <summary>
/// What changes in the EHR when a patient's history changed under resources already written (an amended or retracted
/// response, an EHR total entered-in-error): the summaries computed before and after are compared by their
/// deterministic ids (docs/adr/0009-following-the-record.md).
/// <list type="bullet">
/// <item>an id only after: new, written as any new result;</item>
/// <item>an id in both with the same content: unchanged, nothing to revise;</item>
/// <item>an id in both with other content: the same fact with a changed result, status <c>amended</c>;</item>
/// <item>an id only before: a summary that no longer holds (its latest point was retracted, a rupture the retraction
/// removed), status <c>entered-in-error</c>.</item>
/// </list>
/// Why <c>amended</c> and not <c>corrected</c> (R4 Observation.status, docs/domain.md §7): our result changed because
/// its source changed after it was final; <c>corrected</c> says our earlier result was an error in itself, which it
/// was not: it was right for the response as it then stood.
/// </summary>
public static class Revisions
{
    public static (IReadOnlyList<Observation> New, IReadOnlyList<Observation> Revised) Diff(IEnumerable<Observation> before, IEnumerable<Observation> after)
    {
        var old = before.GroupBy(o => o.Id!).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var fresh = new List<Observation>();
        var revised = new List<Observation>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in after)
        {
            seen.Add(o.Id!);
            if (!old.TryGetValue(o.Id!, out var was)) fresh.Add(o);
            else if (ContentHash.Of(was) != ContentHash.Of(o)) revised.Add(Amended(o));
        }
        revised.AddRange(old.Values.Where(o => !seen.Contains(o.Id!)).Select(Retracted));
        return (fresh, revised);
    }

    /// <summary>A copy with status <c>amended</c>: the same fact (same identifier), a changed result.</summary>
    public static Observation Amended(Observation observation) => WithStatus(observation, ObservationStatus.Amended);

    /// <summary>A copy with status <c>entered-in-error</c>: withdrawn, as if never said (docs/domain.md §7).</summary>
    public static Observation Retracted(Observation observation) => WithStatus(observation, ObservationStatus.EnteredInError);

    /// <summary>
    /// A score withdrawn when its response can no longer be scored (retracted, or amended into a response that is
    /// rejected): rebuilt from the history's point (same id and identifier, code, subject, time, value, source), status
    /// <c>entered-in-error</c>. Used only where scoring the response again cannot rebuild the full Observation.
    /// </summary>
    public static Observation RetractedScore(SeriesKey key, ScorePoint point, InstrumentCatalogue catalogue, string responseReference)
    {
        var id = point.SourceReference[(point.SourceReference.IndexOf('/') + 1)..];
        var instrument = catalogue.FindById(key.InstrumentId);
        var code = instrument?.FindScale(key.ScaleKey)?.Code;
        return new Observation
        {
            Id = id,
            Identifier = [new Identifier(CanonicalUrls.ScoreIdentifierSystem, id) { Use = Identifier.IdentifierUse.Official }],
            Status = ObservationStatus.EnteredInError,
            Category = [new CodeableConcept(CanonicalUrls.ObservationCategory, "survey", "Survey")],
            Code = new CodeableConcept
            {
                Coding = code is null ? [] : [new Coding(code.System, code.Code, code.Display)],
                Text = $"{instrument?.Title ?? key.InstrumentId} {key.ScaleKey}",
            },
            Subject = new ResourceReference(key.PatientReference),
            Effective = new FhirDateTime(point.When.ToUniversalTime()),
            Value = new Quantity { Value = point.Value, Unit = "{score}", System = CanonicalUrls.Ucum, Code = "{score}" },
            DerivedFrom = [new ResourceReference(responseReference)],
        };
    }

    private static Observation WithStatus(Observation observation, ObservationStatus status)
    {
        var copy = (Observation)observation.DeepCopy();
        copy.Status = status;
        return copy;
    }
}
