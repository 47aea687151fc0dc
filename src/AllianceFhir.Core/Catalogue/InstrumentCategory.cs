namespace AllianceFhir.Core.Catalogue;

public enum InstrumentCategory
{
    Symptom,
    Alliance,
}
