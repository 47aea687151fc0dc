namespace AllianceFhir.CdsHooks;

/// <summary>What the patient-view service does with an acknowledged safety card (<c>CdsHooks:AcknowledgedSafetyCards</c>).</summary>
public enum AcknowledgedCards
{
    Keep,
    Drop,
}
