using System.Runtime.CompilerServices;

namespace AllianceFhir.Core.Trajectories;

/// <summary>
/// NHS Talking Therapies outcome definitions (NHS Talking Therapies Manual; docs/domain.md §3), which use PHQ-9 and
/// GAD-7 together: caseness is PHQ-9 ≥ 10 and/or GAD-7 ≥ 8 at the first measure; recovery is a case at the first
/// measure and below both cutoffs at the last; reliable improvement is a reliable fall on either measure with no
/// reliable rise on the other (reliable deterioration the mirror image); reliable recovery is both.
/// </summary>
public static class PairedOutcomeCalculator
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PairedOutcome? Calculate(Trajectory depression, Trajectory anxiety)
    {
        if (depression.Key.PatientReference != anxiety.Key.PatientReference)
            throw new ArgumentException("Both trajectories must belong to the same patient");
        if (depression.Sessions < 2 || anxiety.Sessions < 2) return null;
        if (depression.CasenessAtBaseline is not { } depressionCase || anxiety.CasenessAtBaseline is not { } anxietyCase) return null;

        var caseAtFirst = depressionCase || anxietyCase;
        var caseAtLast = depression.CasenessAtLatest == true || anxiety.CasenessAtLatest == true;
        bool? recovery = caseAtFirst ? !caseAtLast : null;
        var reliableImprovement = (depression.ReliableImprovement || anxiety.ReliableImprovement)
                                  && !depression.ReliableDeterioration && !anxiety.ReliableDeterioration;
        var reliableDeterioration = (depression.ReliableDeterioration || anxiety.ReliableDeterioration)
                                    && !depression.ReliableImprovement && !anxiety.ReliableImprovement;
        bool? reliableRecovery = recovery is null ? null : recovery.Value && reliableImprovement;
        return new PairedOutcome(depression.Key.PatientReference, depression, anxiety, caseAtFirst, recovery,
            reliableImprovement, reliableDeterioration, reliableRecovery);
    }
}
