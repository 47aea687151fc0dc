using System.Net;
using System.IO.Pipelines;
using System.Net.Http.Headers;
using System.Text;
using AllianceFhir.Ehr.BulkData;
using AllianceFhir.Ehr.Client;
using AllianceFhir.Ehr.Tests.Support;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Task = System.Threading.Tasks.Task;

namespace AllianceFhir.Ehr.Tests.BulkData;

public sealed class BulkExportClientTests
{
    private const string StatusUrl = "https://ehr.test/fhir/r4/bulkstatus/job-7";
    private const string FilesBase = "https://files.test/exports/job-7";

    private static readonly string Manifest = $$"""
        {
          "transactionTime": "2026-03-01T02:00:05.123Z",
          "request": "https://ehr.test/fhir/r4/$export?_type=QuestionnaireResponse,Observation",
          "requiresAccessToken": true,
          "output": [
            { "type": "QuestionnaireResponse", "url": "{{TestEhr.BaseUrl}}/bulkfiles/qr-1.ndjson", "count": 3 },
            { "type": "Observation", "url": "{{TestEhr.BaseUrl}}/bulkfiles/obs-1.ndjson" }
          ],
          "error": [ { "type": "OperationOutcome", "url": "{{TestEhr.BaseUrl}}/bulkfiles/err.ndjson" } ]
        }
        """;

    private static readonly string Ndjson =
        """{"resourceType":"QuestionnaireResponse","id":"q1","status":"completed"}""" + "\n" +
        """{"resourceType":"QuestionnaireResponse","id":"q2","status":"completed"}""" + "\r\n" +
        "\n" +
        """{"resourceType":"QuestionnaireResponse","id":"q3","status":"in-progress"}""" + "\n";

    private static (BulkExportClient Client, StubHttpClientFactory Factory) Create(StubHttpHandler stub, FakeClock clock, BulkExportOptions? options = null)
    {
        var factory = new StubHttpClientFactory(stub);
        var client = new BulkExportClient(
            factory,
            Options.Create(new EhrOptions { FhirBaseUrl = new Uri(TestEhr.BaseUrl) }),
            Options.Create(options ?? new BulkExportOptions()),
            clock,
            NullLogger<BulkExportClient>.Instance);
        return (client, factory);
    }

    private static HttpResponseMessage Accepted(string? location = null, TimeSpan? retryAfter = null, DateTimeOffset? retryAt = null)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new StringContent("") };
        if (location is not null) response.Content.Headers.ContentLocation = new Uri(location);
        if (retryAfter is { } delta) response.Headers.RetryAfter = new RetryConditionHeaderValue(delta);
        if (retryAt is { } date) response.Headers.RetryAfter = new RetryConditionHeaderValue(date);
        response.Headers.Add("X-Progress", "50% complete");
        return response;
    }

    [Fact]
    public async Task KickOffAsync_WhenCalled_ThenAsksAsynchronouslyWithSinceAndTypeAndReturnsTheStatusUrl()
    {
        var stub = new StubHttpHandler((_, _) => Accepted(StatusUrl));
        var (client, _) = Create(stub, new FakeClock());

        var job = await client.KickOffAsync(new BulkExportRequest(
            Since: new DateTimeOffset(2026, 3, 1, 3, 0, 0, TimeSpan.FromHours(1)),
            Types: ["QuestionnaireResponse", "Observation"]));

        Assert.Equal(new Uri(StatusUrl), job.StatusUrl);
        var request = Assert.Single(stub.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("/fhir/r4/$export", request.Uri.AbsolutePath);
        Assert.Equal("2026-03-01T02:00:00.000Z", request.Query("_since"));
        Assert.Equal("QuestionnaireResponse,Observation", request.Query("_type"));
        Assert.Equal("respond-async", request.Header("Prefer"));
        Assert.Equal("application/fhir+json", request.Header("Accept"));
    }

    [Fact]
    public async Task KickOffAsync_WhenGroupLevel_ThenCallsTheGroupsExport()
    {
        var stub = new StubHttpHandler((_, _) => Accepted(StatusUrl));
        var (client, _) = Create(stub, new FakeClock());

        await client.KickOffAsync(new BulkExportRequest(BulkExportLevel.Group, GroupId: "clinic-north"));

        Assert.Equal("/fhir/r4/Group/clinic-north/$export", Assert.Single(stub.Requests).Uri.AbsolutePath);
    }

    [Fact]
    public async Task KickOffAsync_WhenTheEhrRefuses_ThenThrowsNamingUrlAndOutcome()
    {
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Json(Bundles.Outcome("_type Flag is not supported for export", "not-supported"), HttpStatusCode.BadRequest));
        var (client, _) = Create(stub, new FakeClock());

        var e = await Assert.ThrowsAsync<BulkExportException>(() => client.KickOffAsync(new BulkExportRequest(Types: ["Flag"])));

        Assert.Contains("https://ehr.test/fhir/r4/$export?_type=Flag", e.Message);
        Assert.Contains("_type Flag is not supported for export", e.Message);
        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
    }

    [Fact]
    public async Task Export_WhenKickedOffPolledAndComplete_ThenHonoursRetryAfterAndStreamsEveryNdjsonLine()
    {
        var clock = new FakeClock { AutoAdvance = true };
        var polls = 0;
        var stub = new StubHttpHandler((request, _) => request.RequestUri!.AbsolutePath switch
        {
            "/fhir/r4/$export" => Accepted(StatusUrl),
            "/fhir/r4/bulkstatus/job-7" => ++polls switch
            {
                1 => Accepted(retryAfter: TimeSpan.FromSeconds(7)),
                2 => Accepted(retryAt: clock.GetUtcNow().AddSeconds(30)),
                _ => StubHttpHandler.Json(Manifest, mediaType: "application/json"),
            },
            "/fhir/r4/bulkfiles/qr-1.ndjson" => StubHttpHandler.Json(Ndjson, mediaType: "application/fhir+ndjson"),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        });
        var (client, _) = Create(stub, clock);

        var job = await client.KickOffAsync(new BulkExportRequest(Types: ["QuestionnaireResponse", "Observation"]));
        var manifest = await client.WaitForManifestAsync(job);
        var lines = new List<string>();
        await foreach (var line in client.ReadLinesAsync(manifest.Output[0])) lines.Add(line);

        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(30)], clock.Waits);
        Assert.Equal(3, stub.To("/bulkstatus/job-7").Count);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 2, 0, 5, 123, TimeSpan.Zero), manifest.TransactionTime);
        Assert.Equal(["QuestionnaireResponse", "Observation"], manifest.Output.Select(f => f.Type));
        Assert.Equal(3, manifest.Output[0].Count);
        Assert.Null(manifest.Output[1].Count);
        Assert.Equal(new Uri(TestEhr.BaseUrl + "/bulkfiles/obs-1.ndjson"), manifest.Output[1].Url);
        Assert.Equal("OperationOutcome", Assert.Single(manifest.Error).Type);
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.StartsWith("{\"resourceType\":\"QuestionnaireResponse\"", l));
        Assert.Equal("application/fhir+ndjson", stub.To("/qr-1.ndjson").Single().Header("Accept"));
    }

    [Fact]
    public async Task WaitForManifestAsync_WhenNoRetryAfter_ThenBacksOffExponentiallyUpToTheCap()
    {
        var clock = new FakeClock { AutoAdvance = true };
        var polls = 0;
        var stub = new StubHttpHandler((_, _) => ++polls < 6 ? Accepted() : StubHttpHandler.Json(Manifest, mediaType: "application/json"));
        var (client, _) = Create(stub, clock, new BulkExportOptions { InitialPollInterval = TimeSpan.FromSeconds(5), MaxPollInterval = TimeSpan.FromSeconds(30) });

        await client.WaitForManifestAsync(new BulkExportJob(new Uri(StatusUrl), clock.GetUtcNow()));

        Assert.Equal(new[] { 5, 10, 20, 30, 30 }.Select(s => TimeSpan.FromSeconds(s)), clock.Waits);
    }

    [Fact]
    public async Task WaitForManifestAsync_WhenTheJobFails_ThenThrowsNamingTheStatusUrlAndOutcome()
    {
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Json(Bundles.Outcome("export failed: storage quota exceeded", "exception"), HttpStatusCode.InternalServerError));
        var (client, _) = Create(stub, new FakeClock { AutoAdvance = true });

        var e = await Assert.ThrowsAsync<BulkExportException>(() => client.WaitForManifestAsync(new BulkExportJob(new Uri(StatusUrl), default)));

        Assert.Contains(StatusUrl, e.Message);
        Assert.Contains("storage quota exceeded", e.Message);
    }

    [Fact]
    public async Task WaitForManifestAsync_WhenMaxWaitPasses_ThenCancelsTheJobAndThrows()
    {
        var clock = new FakeClock { AutoAdvance = true };
        var stub = new StubHttpHandler((request, _) => request.Method == HttpMethod.Delete ? new HttpResponseMessage(HttpStatusCode.Accepted) : Accepted(retryAfter: TimeSpan.FromMinutes(20)));
        var (client, _) = Create(stub, clock, new BulkExportOptions { MaxWait = TimeSpan.FromMinutes(50) });

        var e = await Assert.ThrowsAsync<BulkExportException>(() => client.WaitForManifestAsync(new BulkExportJob(new Uri(StatusUrl), clock.GetUtcNow())));

        Assert.Contains("did not complete within 00:50:00", e.Message);
        Assert.Equal(2, clock.Waits.Count); // 20 + 20 minutes waited; a third wait would pass 50
        Assert.Equal(HttpMethod.Delete, stub.Requests.Last().Method);
    }

    [Fact]
    public async Task CancelAsync_WhenCalled_ThenSendsDeleteToTheStatusUrl()
    {
        var stub = new StubHttpHandler((_, _) => new HttpResponseMessage(HttpStatusCode.Accepted));
        var (client, _) = Create(stub, new FakeClock());

        await client.CancelAsync(new BulkExportJob(new Uri(StatusUrl), default));

        var request = Assert.Single(stub.Requests);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.Equal(new Uri(StatusUrl), request.Uri);
    }

    [Fact]
    public async Task ReadLinesAsync_WhenTheFileIsStillArriving_ThenYieldsEachLineAsItComes()
    {
        var pipe = new Pipe();
        var stub = new StubHttpHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(pipe.Reader.AsStream()) });
        var (client, _) = Create(stub, new FakeClock());
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("{\"resourceType\":\"Observation\",\"id\":\"o1\"}\n"));

        await using var lines = client.ReadLinesAsync(new BulkExportFile("Observation", new Uri(FilesBase + "/obs.ndjson"), null, false)).GetAsyncEnumerator();
        var first = await lines.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        var firstLine = lines.Current;
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("{\"resourceType\":\"Observation\",\"id\":\"o2\"}\n"));
        await pipe.Writer.CompleteAsync();
        var second = await lines.MoveNextAsync();
        var secondLine = lines.Current;
        var third = await lines.MoveNextAsync();

        Assert.True(first, "the first line was not yielded before the file was complete");
        Assert.Contains("\"o1\"", firstLine);
        Assert.True(second);
        Assert.Contains("\"o2\"", secondLine);
        Assert.False(third);
    }

    [Fact]
    public async Task ReadResourcesAsync_WhenALineIsMalformed_ThenReportsItAndReadsOn()
    {
        var body = Ndjson.Replace("\"status\":\"in-progress\"", "\"status\":[1]", StringComparison.Ordinal);
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Json(body, mediaType: "application/fhir+ndjson"));
        var (client, _) = Create(stub, new FakeClock());
        var file = new BulkExportFile("QuestionnaireResponse", new Uri(FilesBase + "/qr.ndjson"), 3, RequiresAccessToken: false);

        var malformed = new List<MalformedEntry>();
        var resources = new List<Resource>();
        await foreach (var r in client.ReadResourcesAsync(file, malformed.Add)) resources.Add(r);

        Assert.Equal(["q1", "q2"], resources.Select(r => r.Id));
        var bad = Assert.Single(malformed);
        Assert.Equal("q3", bad.Id);
        Assert.Contains("line 3", bad.Source);
    }

    [Fact]
    public async Task ReadLinesAsync_WhenTheManifestNeedsNoToken_ThenDownloadsWithoutTheEhrClient()
    {
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Json(Ndjson, mediaType: "application/fhir+ndjson"));
        var (client, factory) = Create(stub, new FakeClock());

        await foreach (var _ in client.ReadLinesAsync(new BulkExportFile("QuestionnaireResponse", new Uri(FilesBase + "/a.ndjson"), null, false))) { }
        await foreach (var _ in client.ReadLinesAsync(new BulkExportFile("QuestionnaireResponse", new Uri(TestEhr.BaseUrl + "/b.ndjson"), null, true))) { }

        Assert.Equal([EhrHttpClients.BulkFiles, EhrHttpClients.Fhir], factory.Names);
    }

    [Fact]
    public async Task ReadLinesAsync_WhenTheFileIsGone_ThenThrowsNamingTheFile()
    {
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Json(Bundles.Outcome("file expired"), HttpStatusCode.NotFound));
        var (client, _) = Create(stub, new FakeClock());

        var e = await Assert.ThrowsAsync<BulkExportException>(async () =>
        {
            await foreach (var _ in client.ReadLinesAsync(new BulkExportFile("Observation", new Uri(FilesBase + "/obs.ndjson"), null, false))) { }
        });

        Assert.Contains(FilesBase + "/obs.ndjson", e.Message);
        Assert.Contains("file expired", e.Message);
    }
}
