using System.Net;
using AllianceFhir.Testing.FhirServer;
using AllianceFhir.Testing.Tests.FhirServer.Support;
using Hl7.Fhir.Model;

namespace AllianceFhir.Testing.Tests.FhirServer;

/// <summary>Batch and transaction Bundles POSTed to the base, answered entry by entry.</summary>
public sealed class BundleTests(FhirServerFixture fhir) : IClassFixture<FhirServerFixture>
{
    [Fact]
    public async System.Threading.Tasks.Task Transaction_WhenSixtyObservations_ThenAllCreatedWithOne201PerEntry()
    {
        var system = TestResources.NewSystem();
        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
        for (var i = 0; i < 60; i++) AddPost(transaction, TestResources.Phq9Total(system, $"{i}", score: i % 28));

        using var response = await fhir.Client.PostAsync("", FhirHttp.Content(transaction));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await FhirHttp.ReadAsync<Bundle>(response);
        Assert.Equal(Bundle.BundleType.TransactionResponse, result.Type);
        Assert.Equal(60, result.Entry.Count);
        Assert.All(FhirHttp.Statuses(result), s => Assert.Equal("201", s));
        Assert.All(result.Entry, e => Assert.StartsWith("Observation/", e.Response!.Location));
        Assert.Equal(60, await FhirHttp.CountAsync(fhir.Client, $"Observation?identifier={Uri.EscapeDataString(system + "|")}"));
    }

    [Fact]
    public async System.Threading.Tasks.Task Transaction_WhenEntriesReferToEachOtherByUrn_ThenReferencesPointAtTheCreatedResources()
    {
        var system = TestResources.NewSystem();
        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
        var patientUrn = AddPost(transaction, TestResources.Patient(system, "p")).FullUrl;
        AddPost(transaction, TestResources.Phq9Total(system, "o", patientReference: patientUrn));

        using var response = await fhir.Client.PostAsync("", FhirHttp.Content(transaction));

        var result = await FhirHttp.ReadAsync<Bundle>(response);
        var patientId = result.Entry[0].Resource!.Id;
        var observation = (Observation)result.Entry[1].Resource!;
        Assert.Equal($"Patient/{patientId}", observation.Subject!.Reference);
    }

    [Fact]
    public async System.Threading.Tasks.Task Transaction_WhenOneEntryInvalid_Then400AndNoEntryStored()
    {
        var system = TestResources.NewSystem();
        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
        AddPost(transaction, TestResources.Phq9Total(system, "valid"));
        var invalid = TestResources.Phq9Total(system, "invalid");
        invalid.Status = null;
        AddPost(transaction, invalid);

        using var response = await fhir.Client.PostAsync("", FhirHttp.Content(transaction));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await FhirHttp.ReadAsync<OperationOutcome>(response)).Issue);
        Assert.Equal(0, await FhirHttp.CountAsync(fhir.Client, $"Observation?identifier={Uri.EscapeDataString(system + "|")}"));
    }

    [Fact]
    public async System.Threading.Tasks.Task Batch_WhenOneEntryInvalid_ThenOthersCreatedAndThatEntry400WithOutcome()
    {
        var system = TestResources.NewSystem();
        var batch = new Bundle { Type = Bundle.BundleType.Batch };
        AddPost(batch, TestResources.Phq9Total(system, "1"));
        var invalid = TestResources.Phq9Total(system, "2");
        invalid.Code = null!;
        AddPost(batch, invalid);
        AddPost(batch, TestResources.Phq9Total(system, "3"));

        using var response = await fhir.Client.PostAsync("", FhirHttp.Content(batch));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await FhirHttp.ReadAsync<Bundle>(response);
        Assert.Equal(["201", "400", "201"], FhirHttp.Statuses(result));
        Assert.IsType<OperationOutcome>(result.Entry[1].Response!.Outcome);
        Assert.Equal(2, await FhirHttp.CountAsync(fhir.Client, $"Observation?identifier={Uri.EscapeDataString(system + "|")}"));
    }

    [Fact]
    public async System.Threading.Tasks.Task Batch_WhenEntryHasIfNoneExistMatching_ThenExistingReturnedWith200()
    {
        var system = TestResources.NewSystem();
        var existing = await FhirHttp.CreateAsync(fhir.Client, TestResources.Phq9Total(system, "1"));
        var batch = new Bundle { Type = Bundle.BundleType.Batch };
        AddPost(batch, TestResources.Phq9Total(system, "1")).Request!.IfNoneExist = $"identifier={system}|1";

        using var response = await fhir.Client.PostAsync("", FhirHttp.Content(batch));

        var entry = Assert.Single((await FhirHttp.ReadAsync<Bundle>(response)).Entry);
        Assert.Equal("200", entry.Response!.Status);
        Assert.Equal(existing.Id, entry.Resource!.Id);
    }

    private static Bundle.EntryComponent AddPost(Bundle bundle, Resource resource)
    {
        var entry = bundle.AddResourceEntry(resource, $"urn:uuid:{Guid.NewGuid()}");
        entry.Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = resource.TypeName };
        return entry;
    }
}
