namespace AllianceFhir.Core.Plans;

/// <summary>Who completes a measure: the client, or a caregiver (a RelatedPerson, e.g. a parent form).</summary>
public enum Informant
{
    Self,
    Caregiver,
}
