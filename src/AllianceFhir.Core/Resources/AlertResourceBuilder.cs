using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Alerts.Lifecycle;
using AllianceFhir.Core.Catalogue;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace AllianceFhir.Core.Resources;

/// <summary>
/// Writes an <see cref="AlertIntent"/> as the channel the EHR accepts; the identifier is the same whichever channel.
/// Built in any lifecycle state (<see cref="AlertEhrStatus"/>), so an update carries the whole resource as it now is.
/// </summary>
public static class AlertResourceBuilder
{
    public const string AuthorDisplay = "AllianceFhir";

    /// <summary>The alert as first raised.</summary>
    public static Resource Build(AlertIntent alert, AlertChannel channel) => Build(alert, channel, null);

    /// <summary>The alert in the state of its latest lifecycle step (raised when null), with who and why as a note.</summary>
    public static Resource Build(AlertIntent alert, AlertChannel channel, AlertStep? latest)
    {
        var resource = BuildRaised(alert, channel);
        if (latest is null || latest.To == AlertState.Raised) return resource;
        AlertEhrStatus.Apply(resource, latest);
        var note = new Annotation
        {
            Author = latest.By.Contains('/', StringComparison.Ordinal) ? new ResourceReference(latest.By) : new FhirString(latest.By),
            TimeElement = new FhirDateTime(latest.At.ToUniversalTime()),
            Text = $"{StepText(latest.To)}: {latest.Why}",
        };
        switch (resource)
        {
            case Task t: t.Note.Add(note); break;
            case Communication c: c.Note.Add(note); break;
        }
        return resource;
    }

    private static string StepText(AlertState state) => state switch
    {
        AlertState.Acknowledged => AlertEhrStatus.AcknowledgedText,
        AlertState.Resolved => AlertEhrStatus.ResolvedText,
        _ => "Alert entered in error",
    };

    private static Resource BuildRaised(AlertIntent alert, AlertChannel channel)
    {
        var id = ResourceIds.For("alert", alert.Key);
        var identifier = FhirValues.Identifier(CanonicalUrls.AlertIdentifierSystem, id);
        var code = new CodeableConcept { Coding = [new Coding(CanonicalUrls.ProjectCodeSystem, alert.ReasonCode, alert.ReasonDisplay)], Text = alert.Summary };
        var patient = new ResourceReference(alert.PatientReference);
        var evidence = alert.Evidence.Select(e => new ResourceReference(e)).ToList();
        return channel switch
        {
            AlertChannel.Flag => new Flag
            {
                Id = id,
                Meta = new Meta { Profile = [ProfileUrls.AlertFlag] },
                Identifier = [identifier],
                Status = Flag.FlagStatus.Active,
                Category = [FhirValues.Concept("http://terminology.hl7.org/CodeSystem/flag-category", "clinical", "Clinical")],
                Code = code,
                Subject = patient,
                Period = new Period { StartElement = FhirValues.DateTime(alert.OccurredAt) },
                Author = new ResourceReference { Display = AuthorDisplay },
            },
            AlertChannel.Task => new Task
            {
                Id = id,
                Meta = new Meta { Profile = [ProfileUrls.AlertTask] },
                Identifier = [identifier],
                Status = Task.TaskStatus.Ready, // raised (AlertEhrStatus)
                Intent = Task.TaskIntent.Order,
                Priority = Priority(alert.Priority),
                Code = code,
                Description = alert.Detail,
                For = patient,
                AuthoredOnElement = FhirValues.DateTime(alert.OccurredAt),
                Focus = evidence.FirstOrDefault(),
                ReasonReference = evidence.FirstOrDefault(),
            },
            AlertChannel.Communication => new Communication
            {
                Id = id,
                Meta = new Meta { Profile = [ProfileUrls.AlertCommunication] },
                Identifier = [identifier],
                Status = EventStatus.InProgress,
                Category = [FhirValues.Concept("http://terminology.hl7.org/CodeSystem/communication-category", "alert", "Alert")],
                Priority = Priority(alert.Priority),
                Subject = patient,
                ReasonCode = [code],
                About = evidence,
                Payload = [new Communication.PayloadComponent { Content = new FhirString($"{alert.Summary} {alert.Detail}") }],
            },
            _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown alert channel"),
        };
    }

    private static RequestPriority Priority(AlertPriority priority) => priority switch
    {
        AlertPriority.Stat => RequestPriority.Stat,
        AlertPriority.Urgent => RequestPriority.Urgent,
        _ => RequestPriority.Routine,
    };
}
