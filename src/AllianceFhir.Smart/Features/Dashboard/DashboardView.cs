using AllianceFhir.Smart.Features.Alerts;

namespace AllianceFhir.Smart.Features.Dashboard;

/// <summary>Everything the dashboard shows for one patient, computed by Core from what the EHR holds.</summary>
public sealed record DashboardView(
    PatientBanner? Patient,
    IReadOnlyList<SymptomChart> Symptoms,
    IReadOnlyList<AllianceChart> Alliance,
    IReadOnlyList<AlertView> Alerts,
    IReadOnlyList<string> Summary,
    int SkippedResponses)
{
    /// <summary>The IANA time zone the summary's dates are in (the clinician's, sent by the page; UTC when not known).</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Self-report beside caregiver report, per construct that has a caregiver report (issue 13 §3).</summary>
    public IReadOnlyList<InformantChart> Informants { get; init; } = [];
}

/// <param name="IdentifierLabel">What the identifier is, from its type ("MRN" only for v2-0203 MR), else "ID".</param>
public sealed record PatientBanner(string Id, string Name, string? BirthDate, string? Gender, string? Identifier, string? IdentifierLabel = null);

/// <summary>A band of a scale (e.g. PHQ-9 10–14 "moderate"), from the catalogue.</summary>
public sealed record BandView(decimal Min, decimal Max, string Code, string Display);

/// <summary>A threshold line, with the source the catalogue cites for it.</summary>
public sealed record LineView(string Kind, string Comparator, decimal Value, string? Source);

/// <summary>
/// One score. <see cref="ReliableChange"/> is <c>improvement</c> or <c>deterioration</c> when the change from the first
/// score to this one is reliable by the instrument's criterion, else null.
/// </summary>
public sealed record PointView(int Session, DateTimeOffset Date, decimal Value, string? Band, bool Prorated, string? ReliableChange)
{
    /// <summary>The encounter the QuestionnaireResponse names (its display, else its reference), when it names one.</summary>
    public string? Encounter { get; init; }
}

/// <summary>
/// The expected course and the band around it: <see cref="Upper"/> is the expected score plus the not-on-track tolerance,
/// so a score above it (from <see cref="ExpectedTrajectoryView.FromSession"/>) is "not on track".
/// </summary>
public sealed record ExpectedPointView(int Session, DateTimeOffset Date, decimal Expected, decimal Lower, decimal Upper);

/// <param name="Unverified">True while the model's parameters are the shipped, unverified defaults (not calibrated by the site).</param>
/// <param name="Meaning">What "not on track" means here, in one sentence.</param>
public sealed record ExpectedTrajectoryView(string Model, string Source, bool Unverified, decimal ImprovementPerLogSession, decimal Tolerance,
    int FromSession, string Meaning, IReadOnlyList<ExpectedPointView> Points);

public sealed record SymptomChart(
    string InstrumentId,
    string Title,
    string Name,
    decimal Min,
    decimal Max,
    IReadOnlyList<BandView> Bands,
    LineView? Caseness,
    decimal? ReliableChangeThreshold,
    IReadOnlyList<PointView> Points,
    string Status,
    decimal? ExpectedLatest,
    bool NotOnTrack)
{
    public ExpectedTrajectoryView? Expected { get; init; }

    /// <summary>Ceiling and floor effects in words (scores at the scale's maximum or minimum), with their source.</summary>
    public IReadOnlyList<string> ScaleNotes { get; init; } = [];
}

public sealed record ScaleSeriesView(string Key, string Label, decimal Min, decimal Max, IReadOnlyList<PointView> Points)
{
    /// <summary>Ceiling and floor effects in words (scores at the scale's maximum or minimum), with their source.</summary>
    public IReadOnlyList<string> ScaleNotes { get; init; } = [];
}

/// <summary>A rupture (start session) and its repair (null while open), merged across the rules that found it.</summary>
public sealed record RuptureView(string Scale, IReadOnlyList<string> Rules, int StartSession, DateTimeOffset StartDate, decimal PreRuptureLevel,
    decimal LowestScore, int? RepairSession, DateTimeOffset? RepairDate);

public sealed record AllianceChart(
    string InstrumentId,
    string Title,
    string Name,
    IReadOnlyList<ScaleSeriesView> Scales,
    LineView? Concern,
    IReadOnlyList<RuptureView> Ruptures);
