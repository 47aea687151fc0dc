namespace AllianceFhir.Core.Catalogue;

public enum ScoreDirection
{
    HigherIsWorse,
    HigherIsBetter,
}
