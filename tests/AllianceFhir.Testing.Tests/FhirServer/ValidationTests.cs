using System.Net;
using AllianceFhir.Testing.FhirServer;
using AllianceFhir.Testing.Tests.FhirServer.Support;
using Hl7.Fhir.Model;

namespace AllianceFhir.Testing.Tests.FhirServer;

/// <summary>Every write is validated, as a real EHR does: invalid FHIR is refused with 400 and an OperationOutcome.</summary>
public sealed class ValidationTests(FhirServerFixture fhir) : IClassFixture<FhirServerFixture>
{
    private const string ValidObservation =
        """{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"44261-6"}]},"valueInteger":12}""";

    public static TheoryData<string, string> InvalidObservations => new()
    {
        { """{"resourceType":"Observation","code":{"coding":[{"system":"http://loinc.org","code":"44261-6"}]},"valueInteger":12}""", "Observation.status" },
        { ValidObservation.Replace("\"final\"", "\"done\""), "Observation.status" },
        { ValidObservation.Replace("\"valueInteger\":12", "\"valueInteger\":12,\"score\":12"), "Observation.score" },
        { ValidObservation.Replace("\"valueInteger\":12", "\"valueInteger\":\"twelve\""), "Observation.value[x]" },
        { ValidObservation.Replace("\"valueInteger\":12", "\"valueInteger\":12,\"effectiveDateTime\":\"2026-13-01\""), "Observation.effective[x]" },
    };

    [Theory]
    [MemberData(nameof(InvalidObservations))]
    public async System.Threading.Tasks.Task Create_WhenObservationInvalid_ThenRefusedWith400AndOperationOutcomeNamingTheElement(string json, string element)
    {
        using var response = await fhir.Client.PostAsync("Observation", FhirHttp.Content(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = await FhirHttp.ReadAsync<OperationOutcome>(response);
        var issue = Assert.Single(outcome.Issue, i => i.Severity == OperationOutcome.IssueSeverity.Error);
        Assert.Contains(element, issue.Expression);
    }

    [Fact]
    public async System.Threading.Tasks.Task Create_WhenBodyIsNotJson_ThenRefusedWith400AndOperationOutcome()
    {
        using var response = await fhir.Client.PostAsync("Observation", FhirHttp.Content("{\"resourceType\":\"Observation\","));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await FhirHttp.ReadAsync<OperationOutcome>(response)).Issue);
    }

    [Fact]
    public async System.Threading.Tasks.Task Create_WhenObservationValid_ThenCreatedWithServerIdAndReadBackEqual()
    {
        var observation = TestResources.Phq9Total(TestResources.NewSystem(), "1");
        observation.Id = "chosen-by-client";

        using var response = await fhir.Client.PostAsync("Observation", FhirHttp.Content(observation));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await FhirHttp.ReadAsync<Observation>(response);
        Assert.NotEqual("chosen-by-client", created.Id);
        Assert.NotNull(created.Meta?.VersionId);
        Assert.NotNull(created.Meta?.LastUpdated);
        Assert.StartsWith($"{fhir.BaseUrl}/Observation/{created.Id}", response.Headers.Location?.ToString());
        Assert.Equal($"W/\"{created.Meta!.VersionId}\"", response.Headers.ETag?.ToString());

        var read = await FhirHttp.GetAsync<Observation>(fhir.Client, $"Observation/{created.Id}");
        Assert.Equal(FhirHttp.Serialize(created), FhirHttp.Serialize(read));
        Assert.Equal(observation.Identifier.Single().System, read.Identifier.Single().System);
        Assert.Equal(12m, ((Quantity)read.Value!).Value);
    }

    [Fact]
    public async System.Threading.Tasks.Task Read_WhenIdUnknown_Then404WithOperationOutcome()
    {
        using var response = await fhir.Client.GetAsync($"Observation/{Guid.NewGuid():N}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEmpty((await FhirHttp.ReadAsync<OperationOutcome>(response)).Issue);
    }

    [Fact]
    public async System.Threading.Tasks.Task Update_WhenChangeMakesResourceInvalid_ThenRefusedAndStoredVersionUnchanged()
    {
        var created = await FhirHttp.CreateAsync(fhir.Client, TestResources.Phq9Total(TestResources.NewSystem(), "1"));
        var invalid = FhirHttp.Serialize(created).Replace("\"status\":\"final\"", "\"status\":\"done\"");

        using var response = await fhir.Client.PutAsync($"Observation/{created.Id}", FhirHttp.Content(invalid));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var read = await FhirHttp.GetAsync<Observation>(fhir.Client, $"Observation/{created.Id}");
        Assert.Equal(created.Meta!.VersionId, read.Meta!.VersionId);
        Assert.Equal(ObservationStatus.Final, read.Status);
    }

    [Fact]
    public async System.Threading.Tasks.Task Update_WhenValid_ThenNewVersionStored()
    {
        var created = await FhirHttp.CreateAsync(fhir.Client, TestResources.Phq9Total(TestResources.NewSystem(), "1"));
        created.Status = ObservationStatus.Amended;

        using var response = await fhir.Client.PutAsync($"Observation/{created.Id}", FhirHttp.Content(created));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await FhirHttp.ReadAsync<Observation>(response);
        Assert.Equal(ObservationStatus.Amended, updated.Status);
        Assert.NotEqual(created.Meta!.VersionId, updated.Meta!.VersionId);
    }
}
