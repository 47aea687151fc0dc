namespace AllianceFhir.Samples;

/// <summary>What <see cref="CohortGenerator.WriteNdjson"/> wrote, so tests can assert without hard-coding.</summary>
public sealed record CohortSummary
{
    /// <summary>Lines in Patient.ndjson.</summary>
    public required int Patients { get; init; }

    /// <summary>Lines in Organization.ndjson (the three clinics).</summary>
    public required int Organizations { get; init; }

    /// <summary>Lines in Practitioner.ndjson.</summary>
    public required int Practitioners { get; init; }

    /// <summary>Lines in QuestionnaireResponse.ndjson: <see cref="ValidQuestionnaireResponses"/> + <see cref="MalformedLines"/>.</summary>
    public required int QuestionnaireResponses { get; init; }

    /// <summary>
    /// Well-formed, completed responses to a catalogue instrument (ours or its LOINC/LHC-Forms form), including
    /// those with missing items (<see cref="ProratedResponses"/>, <see cref="UnscorableResponses"/>).
    /// </summary>
    public required int ValidQuestionnaireResponses { get; init; }

    /// <summary>Malformed lines in QuestionnaireResponse.ndjson (0 without <see cref="CohortOptions.IncludeMalformed"/>).</summary>
    public required int MalformedLines { get; init; }

    /// <summary>Malformed lines by kind; every kind is present as a key (0 when none were written).</summary>
    public required IReadOnlyDictionary<MalformedKind, int> MalformedByKind { get; init; }

    /// <summary>Valid responses by instrument id: phq-9, gad-7, wai-sr, srs, sai, d-wai (LHC-Forms ones under phq-9 / gad-7).</summary>
    public required IReadOnlyDictionary<string, int> ResponsesByInstrument { get; init; }

    /// <summary>Valid PHQ-9 / GAD-7 responses in LOINC's LHC-Forms shape (questionnaire http://loinc.org/q/…, linkIds /{code}).</summary>
    public required int LhcFormResponses { get; init; }

    /// <summary>PHQ-9 responses whose item 9 answer is above 0, including the <see cref="MalformedKind.InvalidWithItemNine"/> line.</summary>
    public required int ItemNinePositive { get; init; }

    /// <summary>Valid PHQ-9 / GAD-7 responses missing exactly one scored item (prorated by the default rule).</summary>
    public required int ProratedResponses { get; init; }

    /// <summary>Valid PHQ-9 / GAD-7 responses missing two or more scored items (not scored by the default rule).</summary>
    public required int UnscorableResponses { get; init; }

    /// <summary>Lines in Observation.ndjson: plain PHQ-9 (44261-6) / GAD-7 (70274-6) totals from screening.</summary>
    public required int Observations { get; init; }

    /// <summary>Patients whose planned symptom trajectory improves.</summary>
    public required int PatientsImproving { get; init; }

    /// <summary>Patients whose planned symptom trajectory is flat.</summary>
    public required int PatientsFlat { get; init; }

    /// <summary>Patients whose planned symptom trajectory deteriorates.</summary>
    public required int PatientsDeteriorating { get; init; }

    /// <summary>Patients with a planned alliance rupture that is repaired (V-shaped: back to the pre-rupture level within 1–3 sessions).</summary>
    public required int RepairedRuptures { get; init; }

    /// <summary>Patients with a planned alliance rupture that is not repaired.</summary>
    public required int UnrepairedRuptures { get; init; }
}
