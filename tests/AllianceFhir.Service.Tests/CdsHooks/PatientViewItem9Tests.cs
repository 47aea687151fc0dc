using System.Net;
using System.Text.Json;
using AllianceFhir.CdsHooks;
using AllianceFhir.State;
using AllianceFhir.Service.Tests.Nightly;
using AllianceFhir.Service.Tests.Support;
using AllianceFhir.Testing.FhirServer;
using AllianceFhir.Testing.Item9;

namespace AllianceFhir.Service.Tests.CdsHooks;

/// <summary>
/// Issue 9 §2 on the CDS Hooks patient-view card: an entered-in-error response with item 9 = 3 gives no safety card; an
/// in-progress one does (the client said it). The golden responses are prefetched as the EHR would send them.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class PatientViewItem9Tests(FhirServerFixture fhir) : IAsyncLifetime, IClassFixture<FhirServerFixture>
{
    private readonly TempFolder _state = new();
    private CdsEhr _ehr = null!;
    private CdsHost _host = null!;

    public async Task InitializeAsync()
    {
        _ehr = await CdsEhr.StartAsync();
        // A wide safety window: the fixtures' answers are dated, the clock is not.
        _host = await CdsHost.StartAsync(_state.Combine("state.db"), _ehr, fhir.Server.BaseUrl, new Dictionary<string, string?> { ["CdsHooks:SafetyCardDays"] = "365" });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _ehr.DisposeAsync();
        _state.Dispose();
    }

    private async Task<List<JsonElement>> CardsAsync(string name)
    {
        var body = "{\"hookInstance\":\"" + Guid.NewGuid() + "\",\"hook\":\"patient-view\","
            + "\"context\":{\"userId\":\"Practitioner/example\",\"patientId\":\"item9-patient\"},"
            + "\"prefetch\":{\"" + PatientViewService.ResponsesKey + "\":{\"resourceType\":\"Bundle\",\"type\":\"searchset\","
            + "\"entry\":[{\"resource\":" + Item9Cases.Line(name) + "}]}}}";
        var response = await _host.PostAsync($"cds-services/{PatientViewService.ServiceId}", body, _ehr.Token(_host.ServiceUrl));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("cards").EnumerateArray().ToList();
    }

    [Fact]
    public async Task PatientView_WhenTheOnlyResponseIsEnteredInErrorWithItem9Three_ThenNoCard() =>
        Assert.Empty(await CardsAsync("entered-in-error-3"));

    [Fact]
    public async Task PatientView_WhenInProgressResponseHasItem9Three_ThenOneCriticalSafetyCard()
    {
        var card = Assert.Single(await CardsAsync("in-progress-3"));

        Assert.Equal("critical", card.GetProperty("indicator").GetString());
        Assert.Equal(CardIds.For($"safety|QuestionnaireResponse/{Item9Cases.Id("in-progress-3")}"), card.GetProperty("uuid").GetString());
    }
}
