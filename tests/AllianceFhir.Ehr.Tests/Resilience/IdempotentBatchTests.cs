using System.Net;
using AllianceFhir.Ehr.Tests.Support;
using AllianceFhir.Ehr.WriteBack;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Ehr.Tests.Resilience;

/// <summary>Which batch Bundles the resilience pipeline may send again after a 500 (issue 10: repeated 500s stopped batches).</summary>
public sealed class IdempotentBatchTests
{
    private static Bundle Batch(params Bundle.RequestComponent[] requests) => new()
    {
        Type = Bundle.BundleType.Batch,
        Entry = requests.Select(r => new Bundle.EntryComponent { Request = r, Resource = r.Method == Bundle.HTTPVerb.POST ? new Observation() : null }).ToList(),
    };

    [Fact]
    public void IsIdempotent_WhenEveryEntryIsASearchOrAConditionalCreate_ThenTrue()
    {
        var batch = Batch(
            new() { Method = Bundle.HTTPVerb.GET, Url = "Observation?identifier=s|1" },
            new() { Method = Bundle.HTTPVerb.POST, Url = "Observation", IfNoneExist = "identifier=s|2" });

        Assert.True(HttpEhrWriter.IsIdempotent(batch));
    }

    [Fact]
    public void IsIdempotent_WhenOneEntryIsAPlainCreate_ThenFalse()
    {
        var batch = Batch(
            new() { Method = Bundle.HTTPVerb.POST, Url = "Observation", IfNoneExist = "identifier=s|2" },
            new() { Method = Bundle.HTTPVerb.POST, Url = "Provenance" });

        Assert.False(HttpEhrWriter.IsIdempotent(batch));
    }

    [Fact]
    public async System.Threading.Tasks.Task PostBatchAsync_WhenAConditionalCreateBatchGets500_ThenRetriedAndAnswered()
    {
        var calls = 0;
        var stub = new StubHttpHandler((_, _) => Interlocked.Increment(ref calls) == 1
            ? StubHttpHandler.Status(HttpStatusCode.InternalServerError)
            : StubHttpHandler.Json(new FhirJsonSerializer().SerializeToString(new Bundle { Type = Bundle.BundleType.BatchResponse, Entry = [new() { Response = new() { Status = "201" } }] })));
        using var services = TestEhr.Build(stub);
        var writer = new HttpEhrWriter(services.FhirHttp(), new Uri(TestEhr.BaseUrl), _ => throw new NotSupportedException());

        var answer = await writer.PostBatchAsync(Batch(new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation", IfNoneExist = "identifier=s|2" }), CancellationToken.None);

        Assert.Equal("201", answer.Entry.Single().Response?.Status);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async System.Threading.Tasks.Task PostBatchAsync_WhenAPlainCreateBatchGets500_ThenNotSentAgain()
    {
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Status(HttpStatusCode.InternalServerError));
        using var services = TestEhr.Build(stub);
        var writer = new HttpEhrWriter(services.FhirHttp(), new Uri(TestEhr.BaseUrl), _ => throw new NotSupportedException());

        await Assert.ThrowsAsync<HttpRequestException>(() => writer.PostBatchAsync(Batch(new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Observation" }), CancellationToken.None));

        Assert.Single(stub.Requests);
    }
}
