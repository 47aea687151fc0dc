using System.Runtime.CompilerServices;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Trajectories;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Resources;

/// <summary>
/// One Observation per patient, scale and latest score, summarising the course so far. The identifier includes the
/// latest score, so a new session yields a new Observation and a re-run yields the same one: append-only, which
/// works with EHRs that allow create but not update (docs/domain.md §5). The newest by effective period is current.
/// </summary>
public static class TrajectoryObservationBuilder
{
    public static Observation Build(Trajectory t)
    {
        var id = IdFor(t);
        var (statusCode, statusDisplay) = StatusCode(t.Status);
        var observation = new Observation
        {
            Id = id,
            Meta = new Meta { Profile = [ProfileUrls.Trajectory] },
            Identifier = [FhirValues.Identifier(CanonicalUrls.TrajectoryIdentifierSystem, id)],
            Status = ObservationStatus.Final,
            Category = [FhirValues.SurveyCategory()],
            Code = new CodeableConcept { Coding = [new Coding(CanonicalUrls.ProjectCodeSystem, "trajectory", "Symptom trajectory")], Text = $"{t.Instrument.Title} {t.Scale.Key} trajectory" },
            Subject = new ResourceReference(t.Key.PatientReference),
            Effective = new Period(FhirValues.DateTime(t.Baseline.When), FhirValues.DateTime(t.Latest.When)),
            Value = FhirValues.Project(statusCode, statusDisplay),
            DerivedFrom = t.Points.Select(p => new ResourceReference(p.SourceReference)).ToList(),
        };
        var c = observation.Component;
        c.Add(new Observation.ComponentComponent { Code = new CodeableConcept { Coding = [t.Scale.Code.ToCoding()], Text = $"{t.Instrument.Title} {t.Scale.Key}" }, Value = FhirValues.Score(t.Latest.Value) });
        c.Add(FhirValues.Component("baseline-score", "Baseline score", FhirValues.Score(t.Baseline.Value)));
        c.Add(FhirValues.Component("latest-score", "Latest score", FhirValues.Score(t.Latest.Value)));
        c.Add(FhirValues.Component("score-change", "Score change", FhirValues.Score(t.Change)));
        c.Add(FhirValues.Component("session-count", "Sessions measured", new Integer(t.Sessions)));
        if (t.ReliableChangeThreshold is { } rc) c.Add(FhirValues.Component("reliable-change-index", "Reliable change threshold", FhirValues.Score(Math.Round(rc, 2))));
        if (t.CasenessAtBaseline is { } cb) c.Add(FhirValues.Component("caseness-at-baseline", "Caseness at baseline", new FhirBoolean(cb)));
        if (t.CasenessAtLatest is { } cl) c.Add(FhirValues.Component("caseness-at-latest", "Caseness at latest", new FhirBoolean(cl)));
        if (t.Response is { } response) c.Add(FhirValues.Component("response", "Response (≥ 50% reduction)", new FhirBoolean(response)));
        if (t.Remission is { } remission) c.Add(FhirValues.Component("remission", "Remission", new FhirBoolean(remission)));
        if (t.SlopePerWeek is { } slope) c.Add(FhirValues.Component("slope-per-week", "Slope per week", new Quantity { Value = slope, Unit = "{score}/wk", System = CanonicalUrls.Ucum, Code = "{score}/wk" }));
        if (t.ExpectedLatest is { } expected) c.Add(FhirValues.Component("expected-score", "Expected score at this session", FhirValues.Score(expected)));
        c.Add(FhirValues.Component("not-on-track", "Not on track", new FhirBoolean(t.NotOnTrack)));
        return observation;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string IdFor(Trajectory t) => ResourceIds.For("trajectory", t.Key.PatientReference, t.Instrument.Id, t.Scale.Key, t.Latest.SourceReference);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (string Code, string Display) StatusCode(TrajectoryStatus status) => status switch
    {
        TrajectoryStatus.InsufficientData => ("insufficient-data", "Insufficient data"),
        TrajectoryStatus.ReliableRecovery => ("reliable-recovery", "Reliable recovery"),
        TrajectoryStatus.Recovered => ("recovered", "Recovered"),
        TrajectoryStatus.ReliableImprovement => ("reliable-improvement", "Reliable improvement"),
        TrajectoryStatus.ReliableDeterioration => ("reliable-deterioration", "Reliable deterioration"),
        _ => ("no-reliable-change", "No reliable change"),
    };
}
