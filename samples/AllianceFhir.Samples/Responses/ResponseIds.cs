using System.Globalization;
using AllianceFhir.Samples.Planning;

namespace AllianceFhir.Samples.Responses;

/// <summary>QuestionnaireResponse ids: qr-{patient}-{instrument}-{session}, e.g. qr-pat-0001-phq-9-03.</summary>
internal static class ResponseIds
{
    public static string For(PatientPlan plan, string instrumentId, SessionPlan session) =>
        For(plan.Id, instrumentId, session.Number.ToString("D2", CultureInfo.InvariantCulture));

    public static string For(string patientId, string instrumentId, string suffix) =>
        $"qr-{patientId}-{instrumentId}-{suffix}";
}
