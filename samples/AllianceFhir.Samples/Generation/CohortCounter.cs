using AllianceFhir.Samples.Catalogue;
using AllianceFhir.Samples.Planning;
using AllianceFhir.Samples.Responses;

namespace AllianceFhir.Samples.Generation;

/// <summary>Tallies what a run writes; turned into a <see cref="CohortSummary"/> at the end.</summary>
internal sealed class CohortCounter
{
    private readonly Dictionary<MalformedKind, int> _malformed = Enum.GetValues<MalformedKind>().ToDictionary(k => k, _ => 0);
    private readonly Dictionary<string, int> _byInstrument = Instruments.All.ToDictionary(i => i.Id, _ => 0);
    private readonly Dictionary<TrajectoryKind, int> _trajectories = Enum.GetValues<TrajectoryKind>().ToDictionary(k => k, _ => 0);
    private readonly Dictionary<RuptureKind, int> _ruptures = Enum.GetValues<RuptureKind>().ToDictionary(k => k, _ => 0);
    private int _patients;
    private int _valid;
    private int _malformedLines;
    private int _lhc;
    private int _itemNine;
    private int _prorated;
    private int _unscorable;
    private int _observations;

    public void Patient(PatientPlan plan)
    {
        _patients++;
        _trajectories[plan.Trajectory]++;
        _ruptures[plan.Rupture]++;
    }

    public void Observation() => _observations++;

    public void Response(GeneratedResponse response)
    {
        _valid++;
        _byInstrument[response.InstrumentId]++;
        _lhc += response.LhcShape ? 1 : 0;
        _itemNine += response.ItemNinePositive ? 1 : 0;
        _prorated += response.MissingItems == 1 ? 1 : 0;
        _unscorable += response.MissingItems >= 2 ? 1 : 0;
    }

    public void Malformed(MalformedLine line)
    {
        _malformedLines++;
        _malformed[line.Kind]++;
        _itemNine += line.ItemNinePositive ? 1 : 0;
    }

    public CohortSummary ToSummary() => new()
    {
        Patients = _patients,
        Organizations = Clinics.All.Count,
        Practitioners = Clinics.PractitionerCount,
        QuestionnaireResponses = _valid + _malformedLines,
        ValidQuestionnaireResponses = _valid,
        MalformedLines = _malformedLines,
        MalformedByKind = new Dictionary<MalformedKind, int>(_malformed),
        ResponsesByInstrument = new Dictionary<string, int>(_byInstrument),
        LhcFormResponses = _lhc,
        ItemNinePositive = _itemNine,
        ProratedResponses = _prorated,
        UnscorableResponses = _unscorable,
        Observations = _observations,
        PatientsImproving = _trajectories[TrajectoryKind.Improving],
        PatientsFlat = _trajectories[TrajectoryKind.Flat],
        PatientsDeteriorating = _trajectories[TrajectoryKind.Deteriorating],
        RepairedRuptures = _ruptures[RuptureKind.Repaired],
        UnrepairedRuptures = _ruptures[RuptureKind.Unrepaired],
    };
}
