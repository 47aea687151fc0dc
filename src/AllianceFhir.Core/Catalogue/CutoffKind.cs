namespace AllianceFhir.Core.Catalogue;

public enum CutoffKind
{
    Caseness,
    Remission,
    AllianceConcern,
}
