using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Alerts.Lifecycle;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Resources;
using AllianceFhir.CdsHooks;
using AllianceFhir.FhirServer;
using AllianceFhir.State;
using AllianceFhir.Service.Tests.Nightly;
using AllianceFhir.Service.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AllianceFhir.Service.Tests.CdsHooks;

/// <summary>Cards that come from the jobs: a real nightly run over the bundled cohort, and the safety sweep, against the Node FHIR server.</summary>
[Collection(PipelineCollection.Name)]
public sealed class CdsPipelineTests
{
    private static string Request(string patientId) => new JsonObject
    {
        ["hookInstance"] = Guid.NewGuid().ToString(),
        ["hook"] = "patient-view",
        ["context"] = new JsonObject { ["userId"] = "Practitioner/example", ["patientId"] = patientId },
        ["prefetch"] = new JsonObject { [PatientViewService.ResponsesKey] = null }, // the client has no recent responses to send
    }.ToJsonString();

    private static async Task<List<JsonElement>> CardsAsync(CdsHost host, CdsEhr ehr, string patientId)
    {
        var response = await host.PostAsync($"cds-services/{PatientViewService.ServiceId}", Request(patientId), ehr.Token(host.ServiceUrl));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("cards").EnumerateArray().ToList();
    }

    [Fact]
    public async Task PatientView_AfterANightlyRunOverTheCohort_ThenEveryAlertWrittenToTheEhrIsACardAndARepairedRuptureDisappears()
    {
        await using var fhir = await FhirServerProcess.StartAsync(FhirServerOptions.Default with { LoadFolder = RepositoryPaths.BundledCohort });
        using var state = new TempFolder();
        await using var ehr = await CdsEhr.StartAsync();
        await using var host = await CdsHost.StartAsync(state.Combine("state.db"), ehr, fhir.BaseUrl);

        Assert.DoesNotContain("failed", await host.RunAsync("nightly-scoring"));

        // Every Flag the run wrote is in the store under its alert key, with the EHR's id.
        var flags = await EhrQuery.AllAsync(fhir, "Flag");
        Assert.NotEmpty(flags);
        var store = host.Services.GetRequiredService<PatientAlertStore>();
        var patients = flags.Select(f => f.GetProperty("subject").GetProperty("reference").GetString()!).Distinct().ToList();
        var stored = new List<PatientAlert>();
        foreach (var p in patients) stored.AddRange(await store.AllAsync(p, CancellationToken.None));
        Assert.Equal(flags.Count, stored.Count);
        var flagIdByIdentifier = flags.ToDictionary(f => EhrQuery.Identifier(f, CanonicalUrls.AlertIdentifierSystem)!, f => f.GetProperty("id").GetString());
        Assert.All(stored, a => Assert.Equal(flagIdByIdentifier[ResourceIds.For("alert", a.Key)], a.EhrId));

        // A patient with an unrepaired rupture sees it as a warning card carrying the alert's text.
        var rupture = stored.First(a => a.Kind == AlertKind.AllianceRupture && a.Series is "srs|total" or "wai-sr|total" && a.ResolvedAt is null);
        var patientId = rupture.Patient["Patient/".Length..];
        var card = Assert.Single(await CardsAsync(host, ehr, patientId), c => c.GetProperty("uuid").GetString() == rupture.CardUuid);
        Assert.Equal("warning", card.GetProperty("indicator").GetString());
        Assert.Equal(rupture.Summary, card.GetProperty("summary").GetString());
        Assert.All(await CardsAsync(host, ehr, patientId), c => Assert.True(c.GetProperty("summary").GetString()!.Length < 140));

        // The client rates the alliance at its best next session: Core reports the episode repaired, the card goes.
        await PostTopAllianceResponseAsync(fhir, patientId, rupture.Series!.Split('|')[0]);
        Assert.DoesNotContain("failed", await host.RunAsync("nightly-scoring"));

        var after = (await store.AllAsync(rupture.Patient, CancellationToken.None)).Single(a => a.Key == rupture.Key);
        Assert.NotNull(after.ResolvedAt);
        Assert.Equal((AlertState.Resolved, "rupture repaired"), (after.State, after.ResolvedWhy));
        Assert.DoesNotContain(await CardsAsync(host, ehr, patientId), c => c.GetProperty("uuid").GetString() == rupture.CardUuid);
        // The EHR's Flag mirrors it: inactive, ended at the repair (the same resource, updated in place).
        var flag = (await EhrQuery.AllAsync(fhir, "Flag")).Single(f => EhrQuery.Identifier(f, CanonicalUrls.AlertIdentifierSystem) == ResourceIds.For("alert", rupture.Key));
        Assert.Equal((after.EhrId, "inactive"), (flag.GetProperty("id").GetString(), flag.GetProperty("status").GetString()));
        Assert.Equal(after.ResolvedAt!.Value, DateTimeOffset.Parse(flag.GetProperty("period").GetProperty("end").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        // A third run changes nothing in the EHR's copy of it.
        Assert.DoesNotContain("failed", await host.RunAsync("nightly-scoring"));
        var again = (await EhrQuery.AllAsync(fhir, "Flag")).Single(f => f.GetProperty("id").GetString() == after.EhrId);
        Assert.Equal(flag.GetProperty("meta").GetProperty("versionId").GetString(), again.GetProperty("meta").GetProperty("versionId").GetString());
    }

    [Fact]
    public async Task PatientView_AfterTheSafetySweepFindsAPositiveItem9_ThenACriticalCardWithoutThePrefetchedResponse()
    {
        await using var fhir = await FhirServerProcess.StartAsync();
        using var state = new TempFolder();
        await using var ehr = await CdsEhr.StartAsync();
        await using var host = await CdsHost.StartAsync(state.Combine("state.db"), ehr, fhir.BaseUrl);
        await NightlyPipelineTests.PostPatientAsync(fhir, "pat-safety");
        var qrId = await NightlyPipelineTests.PostPhq9Async(fhir, "pat-safety", item9: 2);
        Assert.Empty(await CardsAsync(host, ehr, "pat-safety"));

        Assert.Contains("1 safety alert", await host.RunAsync("safety-sweep"));

        var card = Assert.Single(await CardsAsync(host, ehr, "pat-safety"));
        Assert.Equal("critical", card.GetProperty("indicator").GetString());
        Assert.Equal(CardIds.For($"safety|QuestionnaireResponse/{qrId}"), card.GetProperty("uuid").GetString());
        var flag = Assert.Single(await EhrQuery.AllAsync(fhir, "Flag"));
        var stored = Assert.Single(await host.Services.GetRequiredService<PatientAlertStore>().AllAsync("Patient/pat-safety", CancellationToken.None));
        Assert.Equal(flag.GetProperty("id").GetString(), stored.EhrId);
    }

    private static async Task PostTopAllianceResponseAsync(FhirServerProcess fhir, string patientId, string instrument)
    {
        var items = instrument == "srs"
            ? string.Join(",", Enumerable.Range(1, 4).Select(i => $$"""{"linkId":"{{i}}","answer":[{"valueDecimal":10.0}]}"""))
            : string.Join(",", Enumerable.Range(1, 12).Select(i =>
                $$$"""{"linkId":"{{{i}}}","answer":[{"valueCoding":{"system":"{{{CanonicalUrls.AnswerScalesCodeSystem}}}","code":"wai-sr-5"}}]}"""));
        var json = $$"""
            {"resourceType":"QuestionnaireResponse","status":"completed","questionnaire":"https://alliancefhir.org/fhir/Questionnaire/{{instrument}}",
             "subject":{"reference":"Patient/{{patientId}}"},"authored":"2026-11-22T10:00:00Z","item":[{{items}}]}
            """;
        using var http = fhir.CreateHttpClient();
        var response = await http.PostAsync("QuestionnaireResponse", new StringContent(json, Encoding.UTF8, "application/fhir+json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        _ = await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
