using System.Net;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Samples.Sessions;
using AllianceFhir.Smart.Tests.Support;
using AllianceFhir.Testing.FhirServer;
using AllianceFhir.Testing.Validation;

namespace AllianceFhir.Smart.Tests.Features.Alerts;

/// <summary>
/// What the app writes when a clinician acknowledges and resolves an alert (the updated Flag, Task or Communication
/// and each Provenance, read back from the real test FHIR server) validates with Firely against R4 and the profiles.
/// </summary>
public sealed class AlertWritesValidationTests(FhirServerFixture fhir) : IClassFixture<FhirServerFixture>
{
    [Theory]
    [InlineData(AlertChannel.Flag, "Practitioner/prac-01")]
    [InlineData(AlertChannel.Task, "Practitioner/prac-01")]
    [InlineData(AlertChannel.Communication, "Practitioner/prac-01")]
    [InlineData(AlertChannel.Task, null)]
    public async Task AcknowledgeThenResolve_WhenChannel_ThenEveryWrittenResourceValidatesWithFirely(AlertChannel channel, string? fhirUser)
    {
        var patient = $"alerts-valid-{channel.ToString().ToLowerInvariant()}-{(fhirUser is null ? "anon" : "user")}";
        await SessionHistory.LoadAsync(fhir.Client, SessionHistory.Build(patient, 0));
        using var session = new TestSmartSession(fhir.BaseUrl, patient, fhirUser: fhirUser);
        await using var host = await FeatureHost.StartAsync(session);
        var id = await AlertSeeder.CreateAsync(fhir.Client, AlertSeeder.Intent(patient, AlertKind.Safety, "v1"), channel);
        var type = channel.ToString();

        foreach (var action in new[] { "acknowledge", "resolve" })
        {
            using var body = action == "resolve" ? System.Net.Http.Json.JsonContent.Create(new { reason = "Risk reviewed with the client today", confirmed = true }) : null;
            using var response = await host.Client.PostAsync($"api/patients/{patient}/alerts/{type}/{id}/{action}", body);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var alert = await AlertSeeder.ReadAsync(fhir.Client, $"{type}/{id}");
        Assert.NotEqual("active", alert.GetProperty("status").GetString());
        FirelyValidation.Instance.AssertValid(alert.GetRawText(), $"{type}/{id} after acknowledge and resolve");
        var provenances = await fhir.Server.SearchAllAsync($"Provenance?target={type}/{id}");
        Assert.Equal(2, provenances.Count);
        foreach (var provenance in provenances)
            FirelyValidation.Instance.AssertValid(provenance.GetRawText(), $"the Provenance of {type}/{id}");
    }
}
