using System.Text;
using System.Text.Json;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Resources;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Smart.Tests.Support;

/// <summary>Puts AllianceFhir alerts into the test EHR the way the service writes them (Core's AlertResourceBuilder).</summary>
public static class AlertSeeder
{
    private static readonly FhirJsonSerializer Serializer = new();

    public static AlertIntent Intent(string patientId, AlertKind kind, string key) => kind switch
    {
        AlertKind.Safety => new(kind, key, $"Patient/{patientId}", "safety-self-harm", "Safety: thoughts of self-harm reported", AlertPriority.Stat,
            "PHQ-9 item 9 (self-harm) answered 'Several days' (1): review with the client today.", "Follow your service's same-day risk review procedure.",
            new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), []),
        _ => RuptureIntent(patientId, key, "WAI-SR", 48, 38, new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero)),
    };

    /// <summary>A rupture alert as the service raises it for a rating that fell on <paramref name="at"/> (text from Core's planner).</summary>
    public static AlertIntent RuptureIntent(string patientId, string key, string name, decimal from, decimal to, DateTimeOffset at) =>
        new(AlertKind.AllianceRupture, key, $"Patient/{patientId}", "alliance-rupture", "Alliance rupture: consider a check-in", AlertPriority.Routine,
            AlertPlanner.RuptureSummary(name, from, to, at), "Consider asking the client how the work together is going for them.", at, []);

    /// <summary>Creates the alert as <paramref name="channel"/>; returns the EHR's id.</summary>
    public static async Task<string> CreateAsync(HttpClient fhir, AlertIntent intent, AlertChannel channel)
    {
        var resource = AlertResourceBuilder.Build(intent, channel);
        resource.Id = null;
        using var content = new StringContent(Serializer.SerializeToString(resource), Encoding.UTF8, "application/fhir+json");
        using var response = await fhir.PostAsync(resource.TypeName, content);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"creating a {resource.TypeName} failed: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> ReadAsync(HttpClient fhir, string reference) =>
        JsonDocument.Parse(await fhir.GetStringAsync(reference)).RootElement.Clone();
}
