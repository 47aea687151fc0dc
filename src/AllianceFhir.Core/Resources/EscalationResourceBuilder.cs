using System.Globalization;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Alerts.Lifecycle;
using AllianceFhir.Core.Catalogue;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace AllianceFhir.Core.Resources;

/// <summary>
/// An escalation as a Task (owner = the recipient, focus = the alert) or a Communication (recipient, about = the
/// alert): a Flag cannot be addressed to anyone. Same identifier system as alerts, code <c>alert-escalation</c>.
/// </summary>
public static class EscalationResourceBuilder
{
    public static Resource Build(Escalation e, AlertChannel channel)
    {
        var id = ResourceIds.For("alert", e.Key);
        var identifier = FhirValues.Identifier(CanonicalUrls.AlertIdentifierSystem, id);
        var hours = e.Window.TotalHours.ToString("0.#", CultureInfo.InvariantCulture);
        var summary = $"Safety alert not acknowledged within {hours} h: please make sure someone reviews it with the client today.";
        var code = new CodeableConcept
        {
            Coding = [new Coding(CanonicalUrls.ProjectCodeSystem, AlertReasons.EscalationCode, "Alert escalated: not acknowledged in time")],
            Text = summary,
        };
        var patient = new ResourceReference(e.PatientReference);
        var alert = e.AlertReference is null ? null : new ResourceReference(e.AlertReference);
        var recipient = e.Recipient is null ? null : new ResourceReference(e.Recipient);
        var detail = $"{summary} Raised {e.RaisedAt.ToUniversalTime():yyyy-MM-dd HH:mm} UTC: {e.AlertSummary}";
        return channel switch
        {
            AlertChannel.Task => new Task
            {
                Id = id,
                Meta = new Meta { Profile = [ProfileUrls.AlertTask] },
                Identifier = [identifier],
                Status = Task.TaskStatus.Ready,
                Intent = Task.TaskIntent.Order,
                Priority = RequestPriority.Stat,
                Code = code,
                Description = detail,
                For = patient,
                Focus = alert,
                Owner = recipient,
                AuthoredOnElement = FhirValues.DateTime(e.At),
            },
            AlertChannel.Communication => new Communication
            {
                Id = id,
                Meta = new Meta { Profile = [ProfileUrls.AlertCommunication] },
                Identifier = [identifier],
                Status = EventStatus.InProgress,
                Category = [FhirValues.Concept("http://terminology.hl7.org/CodeSystem/communication-category", "alert", "Alert")],
                Priority = RequestPriority.Stat,
                Subject = patient,
                About = alert is null ? [] : [alert],
                Recipient = recipient is null ? [] : [recipient],
                SentElement = FhirValues.DateTime(e.At),
                ReasonCode = [code],
                Payload = [new Communication.PayloadComponent { Content = new FhirString(detail) }],
            },
            _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "An escalation is a Task or a Communication"),
        };
    }
}
