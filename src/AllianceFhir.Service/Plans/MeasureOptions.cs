using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Plans;

namespace AllianceFhir.Service.Plans;

/// <summary>One instrument of a programme's plan (<c>MeasurementPlans:Programmes:{name}:Measures:{i}</c>).</summary>
public sealed class MeasureOptions
{
    /// <summary>The Questionnaire's canonical URL (e.g. https://alliancefhir.org/fhir/Questionnaire/phq-9).</summary>
    public string Questionnaire { get; set; } = "";

    /// <summary>Null: every session (each booked Appointment); else once every N days (1–366).</summary>
    public int? EveryDays { get; set; }

    /// <summary>Every-session measures: BeforeSession or AfterSession; null: from the catalogue (alliance measures after, others before).</summary>
    public SessionTiming? Timing { get; set; }

    /// <summary>Age14To17, Age18To24, Adult25Plus; empty: any age.</summary>
    public List<AgeGroup> Ages { get; set; } = [];

    /// <summary>Self or Caregiver (each active RelatedPerson of the patient).</summary>
    public Informant Informant { get; set; } = Informant.Self;
}
