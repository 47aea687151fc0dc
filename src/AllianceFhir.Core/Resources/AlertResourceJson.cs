using System.Runtime.CompilerServices;
using System.Text.Json;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Catalogue;
using static AllianceFhir.Core.Resources.ObservationJsonParts;

namespace AllianceFhir.Core.Resources;

/// <summary>
/// A raised alert as <see cref="AlertResourceBuilder.Build(AlertIntent, AlertChannel)"/> builds it (Flag, Task or
/// Communication), written straight to a <see cref="Utf8JsonWriter"/> with no POCO (issue 12; test: EndPhaseWriterTests).
/// Element order as Firely writes it. Later lifecycle states keep the builder (<see cref="AlertEhrStatus"/>).
/// </summary>
public static class AlertResourceJson
{
    /// <summary>The resource type the alert is written as on <paramref name="channel"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string TypeName(AlertChannel channel) => channel switch
    {
        AlertChannel.Flag => "Flag",
        AlertChannel.Task => "Task",
        AlertChannel.Communication => "Communication",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown alert channel"),
    };

    /// <summary>Writes the alert as raised; returns its id (the same whichever channel).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Write(Utf8JsonWriter w, AlertIntent alert, AlertChannel channel)
    {
        var id = ResourceIds.For("alert", alert.Key);
        switch (channel)
        {
            case AlertChannel.Flag:
                Head(w, "Flag"u8, id, ProfileUrls.AlertFlag, "active"u8);
                Category(w, "http://terminology.hl7.org/CodeSystem/flag-category", "clinical", "Clinical");
                Code(w, "code"u8, alert);
                ScoreObservationJson.Reference(w, "subject"u8, alert.PatientReference);
                w.WriteStartObject("period"u8);
                WriteDateTime(w, "start"u8, alert.OccurredAt);
                w.WriteEndObject();
                ScoreObservationJson.Reference(w, "author"u8, null, AlertResourceBuilder.AuthorDisplay);
                break;
            case AlertChannel.Task:
                Head(w, "Task"u8, id, ProfileUrls.AlertTask, "ready"u8); // raised (AlertEhrStatus)
                w.WriteString("intent"u8, "order"u8);
                w.WriteString("priority"u8, Priority(alert.Priority));
                Code(w, "code"u8, alert);
                w.WriteString("description"u8, alert.Detail);
                if (alert.Evidence.Count > 0) ScoreObservationJson.Reference(w, "focus"u8, alert.Evidence[0]);
                ScoreObservationJson.Reference(w, "for"u8, alert.PatientReference);
                WriteDateTime(w, "authoredOn"u8, alert.OccurredAt);
                if (alert.Evidence.Count > 0) ScoreObservationJson.Reference(w, "reasonReference"u8, alert.Evidence[0]);
                break;
            case AlertChannel.Communication:
                Head(w, "Communication"u8, id, ProfileUrls.AlertCommunication, "in-progress"u8);
                Category(w, "http://terminology.hl7.org/CodeSystem/communication-category", "alert", "Alert");
                w.WriteString("priority"u8, Priority(alert.Priority));
                ScoreObservationJson.Reference(w, "subject"u8, alert.PatientReference);
                if (alert.Evidence.Count > 0)
                {
                    w.WriteStartArray("about"u8);
                    foreach (var e in alert.Evidence) ScoreObservationJson.Reference(w, default, e);
                    w.WriteEndArray();
                }
                w.WriteStartArray("reasonCode"u8);
                Code(w, default, alert);
                w.WriteEndArray();
                w.WriteStartArray("payload"u8);
                w.WriteStartObject();
                w.WriteString("contentString"u8, $"{alert.Summary} {alert.Detail}");
                w.WriteEndObject();
                w.WriteEndArray();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown alert channel");
        }
        w.WriteEndObject();
        return id;
    }

    /// <summary>What every channel starts with: resourceType, id, meta.profile, the alert's identifier, then "status".</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Head(Utf8JsonWriter w, ReadOnlySpan<byte> resourceType, string id, string profile, ReadOnlySpan<byte> status)
    {
        Start(w, resourceType, id, profile);
        Identifier(w, CanonicalUrls.AlertIdentifierSystem, id);
        w.WriteString("status"u8, status);
    }

    /// <summary>"category": [one coding], as the Flag and the Communication carry it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Category(Utf8JsonWriter w, string system, string code, string display)
    {
        w.WriteStartArray("category"u8);
        Concept(w, default, system, code, display);
        w.WriteEndArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Code(Utf8JsonWriter w, ReadOnlySpan<byte> name, AlertIntent alert) =>
        Concept(w, name, CanonicalUrls.ProjectCodeSystem, alert.ReasonCode, alert.ReasonDisplay, alert.Summary);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ReadOnlySpan<byte> Priority(AlertPriority priority) => priority switch
    {
        AlertPriority.Stat => "stat"u8,
        AlertPriority.Urgent => "urgent"u8,
        _ => "routine"u8,
    };

    /// <summary>A dateTime as <see cref="FhirValues.DateTime"/>'s text, formatted on the stack (issue 12: no POCO per alert).</summary>
    private static void WriteDateTime(Utf8JsonWriter w, ReadOnlySpan<byte> name, DateTimeOffset when)
    {
        Span<char> text = stackalloc char[FhirValues.DateTimeChars];
        w.WriteString(name, text[..FhirValues.FormatDateTime(when, text)]);
    }
}
