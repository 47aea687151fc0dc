using AllianceFhir.Core.Catalogue;
using Hl7.Fhir.Model;

namespace AllianceFhir.Service.Ingest;

/// <summary>
/// Our own write-back, recognised by its identifier systems: the nightly job reads EHR-stored totals by score code,
/// and the score and trajectory Observations it wrote itself carry the same codes. Reading them back would count
/// every earlier run's output as new input.
/// </summary>
public static class OwnOutput
{
    public static readonly IReadOnlyList<string> IdentifierSystems = [CanonicalUrls.ScoreIdentifierSystem, CanonicalUrls.TrajectoryIdentifierSystem];

    public static bool Is(Resource resource) => resource is Observation o && o.Identifier.Any(i => i.System is { } s && IdentifierSystems.Contains(s));
}
