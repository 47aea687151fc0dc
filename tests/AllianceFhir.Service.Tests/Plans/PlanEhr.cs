using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AllianceFhir.Core.Resources;
using AllianceFhir.FhirServer;
using AllianceFhir.Service.Tests.Nightly;

namespace AllianceFhir.Service.Tests.Plans;

/// <summary>Patients, sessions, CarePlans and responses put into the test FHIR server, and our questionnaire Tasks read back.</summary>
internal static class PlanEhr
{
    public const string Phq9 = "https://alliancefhir.org/fhir/Questionnaire/phq-9";
    public const string Gad7 = "https://alliancefhir.org/fhir/Questionnaire/gad-7";
    public const string Srs = "https://alliancefhir.org/fhir/Questionnaire/srs";
    public const string YpCore = "https://alliancefhir.org/fhir/Questionnaire/yp-core";
    public const string PhqA = "https://alliancefhir.org/fhir/Questionnaire/phq-a";
    public const string Rcads25 = "https://alliancefhir.org/fhir/Questionnaire/rcads-25";
    public const string RcadsP25 = "https://alliancefhir.org/fhir/Questionnaire/rcads-p-25";

    public static Task PatientAsync(FhirServerProcess server, string id, string birthDate) =>
        PutAsync(server, "Patient", id, $$"""{"resourceType":"Patient","id":"{{id}}","birthDate":"{{birthDate}}"}""");

    /// <summary>A patient in a named programme (the programme extension the plans route by).</summary>
    public static Task PatientAsync(FhirServerProcess server, string id, string birthDate, string programme) =>
        PutAsync(server, "Patient", id, $$"""
            {"resourceType":"Patient","id":"{{id}}","birthDate":"{{birthDate}}",
             "extension":[{"url":"https://alliancefhir.org/fhir/StructureDefinition/programme","valueCode":"{{programme}}"}]}
            """);

    public static Task RelatedPersonAsync(FhirServerProcess server, string id, string patient) =>
        PutAsync(server, "RelatedPerson", id, $$$"""{"resourceType":"RelatedPerson","id":"{{{id}}}","active":true,"patient":{"reference":"Patient/{{{patient}}}"}}""");

    /// <summary>A booked one-hour session.</summary>
    public static Task SessionAsync(FhirServerProcess server, string id, string patient, DateTimeOffset start) =>
        PutAsync(server, "Appointment", id, $$"""
            {"resourceType":"Appointment","id":"{{id}}","status":"booked","start":"{{Instant(start)}}","end":"{{Instant(start.AddHours(1))}}",
             "participant":[{"actor":{"reference":"Patient/{{patient}}"},"status":"accepted"}]}
            """);

    /// <summary>A CarePlan whose one activity is a questionnaire every N weeks, done by <paramref name="performer"/>.</summary>
    public static Task CarePlanAsync(FhirServerProcess server, string id, string patient, string questionnaire, int weeks, string performer) =>
        PutAsync(server, "CarePlan", id, $$$"""
            {"resourceType":"CarePlan","id":"{{{id}}}","status":"active","intent":"plan","subject":{"reference":"Patient/{{{patient}}}"},
             "activity":[{"detail":{"kind":"Task","instantiatesCanonical":["{{{questionnaire}}}"],"status":"scheduled",
               "scheduledTiming":{"repeat":{"frequency":1,"period":{{{weeks}}},"periodUnit":"wk"}},"performer":[{"reference":"{{{performer}}}"}]}}]}
            """);

    /// <summary>A completed response (answers left out: only completion is tested here).</summary>
    public static async Task<string> ResponseAsync(FhirServerProcess server, string patient, string questionnaire, DateTimeOffset authored, string? basedOnTask = null)
    {
        var basedOn = basedOnTask is null ? "" : $$""","basedOn":[{"reference":"{{basedOnTask}}"}]""";
        var json = $$"""
            {"resourceType":"QuestionnaireResponse","status":"completed","questionnaire":"{{questionnaire}}","subject":{"reference":"Patient/{{patient}}"},
             "authored":"{{Instant(authored)}}"{{basedOn}}}
            """;
        using var http = server.CreateHttpClient();
        using var response = await http.PostAsync("QuestionnaireResponse", new StringContent(json, Encoding.UTF8, "application/fhir+json"));
        response.EnsureSuccessStatusCode();
        return "QuestionnaireResponse/" + (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
    }

    /// <summary>Every Task carrying our questionnaire-task identifier.</summary>
    public static async Task<List<JsonElement>> TasksAsync(FhirServerProcess server) =>
        await EhrQuery.AllAsync(server, "Task", $"identifier={Uri.EscapeDataString(QuestionnaireTasks.IdentifierSystem + "|")}");

    /// <summary>The Task as the client's page leaves it on opening the form: status in-progress (R4 task-status, docs/domain.md §7).</summary>
    public static async Task MarkInProgressAsync(FhirServerProcess server, JsonElement task)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(task.GetRawText())!.AsObject();
        json["status"] = "in-progress";
        json.Remove("meta");
        await PutAsync(server, "Task", task.GetProperty("id").GetString()!, json.ToJsonString());
    }

    public static string Questionnaire(JsonElement task) => task.GetProperty("input")[0].GetProperty("valueCanonical").GetString()!;

    public static string Ref(JsonElement resource, string element) => resource.GetProperty(element).GetProperty("reference").GetString()!;

    private static async Task PutAsync(FhirServerProcess server, string type, string id, string json)
    {
        using var http = server.CreateHttpClient();
        using var response = await http.PutAsync($"{type}/{id}", new StringContent(json, Encoding.UTF8, "application/fhir+json"));
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"PUT {type}/{id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
