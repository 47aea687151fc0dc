namespace AllianceFhir.Core.Catalogue;

/// <summary>
/// Who completes an instrument about the client (profiles/README.md, extension <c>informant</c>): the client about
/// themselves, or a caregiver (parent) about the client, as RCADS-P does. A Questionnaire without the extension is a
/// self-report.
/// </summary>
public enum Informant
{
    Self,
    Caregiver,
}
