namespace AllianceFhir.Core.Plans;

/// <summary>
/// For an every-session measure: symptom measures are completed before the session, so the clinician sees them in it;
/// alliance measures rate the session just had, so they are completed after it (Duncan et al. 2003: the SRS at the end
/// of each session).
/// </summary>
public enum SessionTiming
{
    BeforeSession,
    AfterSession,
}
