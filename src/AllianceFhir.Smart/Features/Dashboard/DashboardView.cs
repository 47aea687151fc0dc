using AllianceFhir.Smart.Features.Alerts;

namespace AllianceFhir.Smart.Features.Dashboard;

/// <summary>Everything the dashboard shows for one patient, computed by Core from what the EHR holds.</summary>
public sealed record DashboardView(
    PatientBanner? Patient,
    IReadOnlyList<SymptomChart> Symptoms,
    IReadOnlyList<AllianceChart> Alliance,
    IReadOnlyList<AlertView> Alerts,
    IReadOnlyList<string> Summary,
    int SkippedResponses);

public sealed record PatientBanner(string Id, string Name, string? BirthDate, string? Gender, string? Identifier);

/// <summary>A band of a scale (e.g. PHQ-9 10–14 "moderate"), from the catalogue.</summary>
public sealed record BandView(decimal Min, decimal Max, string Code, string Display);

/// <summary>A threshold line, with the source the catalogue cites for it.</summary>
public sealed record LineView(string Kind, string Comparator, decimal Value, string? Source);

/// <summary>
/// One score. <see cref="ReliableChange"/> is <c>improvement</c> or <c>deterioration</c> when the change from the first
/// score to this one is reliable by the instrument's criterion, else null.
/// </summary>
public sealed record PointView(int Session, DateTimeOffset Date, decimal Value, string? Band, bool Prorated, string? ReliableChange);

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
    bool NotOnTrack);

public sealed record ScaleSeriesView(string Key, string Label, decimal Min, decimal Max, IReadOnlyList<PointView> Points);

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
