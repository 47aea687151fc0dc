using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Trajectories;

namespace AllianceFhir.Ehr.Clinical;

/// <summary>The catalogue and clinical settings, loaded once at start.</summary>
public sealed record EngineContext(InstrumentCatalogue Catalogue, TrajectorySettings Settings);
