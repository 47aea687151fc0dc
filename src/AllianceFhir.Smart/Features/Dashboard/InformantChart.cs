namespace AllianceFhir.Smart.Features.Dashboard;

/// <summary>
/// Self-report and caregiver report of one construct side by side (issue 13 §3): the self-report instrument's total,
/// one series per caregiver (RelatedPerson), each caregiver score compared with the self-report nearest in time, and
/// the informant-discrepancy marker said in words (<see cref="Notes"/>, docs/domain.md §10).
/// </summary>
/// <param name="Marker">What the marker means and where its rule comes from, in one sentence.</param>
/// <param name="MarkerUnverified">True while a part of the rule is an unverified default (band count, SD cut, window).</param>
public sealed record InformantChart(
    string InstrumentId,
    string Title,
    string Name,
    decimal Min,
    decimal Max,
    IReadOnlyList<BandView> Bands,
    IReadOnlyList<PointView> Self,
    IReadOnlyList<CaregiverSeriesView> Caregivers,
    string Marker,
    bool MarkerUnverified,
    IReadOnlyList<string> Notes);

/// <param name="Informant">The RelatedPerson reference (null when the caregiver was not named).</param>
/// <param name="Label">"Caregiver: Mother (Jane Doe)": the relationship and name, else the reference.</param>
/// <param name="Instrument">The instrument the caregiver answered (the caregiver version, or the self-report form itself).</param>
public sealed record CaregiverSeriesView(string? Informant, string Label, string Instrument, IReadOnlyList<PointView> Points, IReadOnlyList<DiscrepancyView> Comparisons);

/// <summary>One caregiver score against the self-report nearest in time; <see cref="Discrepant"/> null when not judged.</summary>
/// <param name="Method">"severity-band" or "standardized-difference", null when not judged.</param>
/// <param name="Difference">Bands apart, or SD units.</param>
public sealed record DiscrepancyView(
    DateTimeOffset CaregiverDate,
    decimal CaregiverValue,
    string? CaregiverBand,
    DateTimeOffset? SelfDate,
    decimal? SelfValue,
    string? SelfBand,
    string? Method,
    decimal? Difference,
    bool? Discrepant);
