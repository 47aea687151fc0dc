using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AllianceFhir.Ehr.Tests.Support;

namespace AllianceFhir.Ehr.Tests.Resilience;

public sealed class EhrResilienceTests
{
    private const string Url = TestEhr.BaseUrl + "/QuestionnaireResponse";

    /// <summary>Answers with <paramref name="first"/> the first time, 200 after.</summary>
    private static StubHttpHandler FailingOnce(Func<HttpResponseMessage> first)
    {
        var calls = 0;
        return new StubHttpHandler((_, _) => Interlocked.Increment(ref calls) == 1 ? first() : StubHttpHandler.Json(Bundles.SearchSet([])));
    }

    [Fact]
    public async Task SendAsync_When503WithRetryAfter1_ThenWaitsASecondAndSucceeds()
    {
        var stub = FailingOnce(() => StubHttpHandler.Status(HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(1)));
        using var services = TestEhr.Build(stub);

        var watch = Stopwatch.StartNew();
        using var response = await services.FhirHttp().GetAsync(Url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, stub.Requests.Count);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {watch.Elapsed}, before the Retry-After second");
    }

    [Fact]
    public async Task SendAsync_When429WithRetryAfterDate_ThenWaitsUntilThatDateByTheInjectedClock()
    {
        var clock = new FakeClock(DateTimeOffset.UtcNow);
        var stub = FailingOnce(() =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.RetryAfter = new RetryConditionHeaderValue(clock.GetUtcNow().AddSeconds(45));
            return response;
        });
        using var services = TestEhr.Build(stub, time: clock);

        var sending = services.FhirHttp().GetAsync(Url);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(45));
        clock.Advance(TimeSpan.FromSeconds(44));
        await Task.Delay(100);
        var earlyRetries = stub.Requests.Count - 1;
        clock.Advance(TimeSpan.FromSeconds(1));
        using var response = await sending;

        Assert.Equal(0, earlyRetries);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_WhenRetryAfterExceedsTheCap_ThenWaitsOnlyTheCap()
    {
        var clock = new FakeClock(DateTimeOffset.UtcNow);
        var stub = FailingOnce(() => StubHttpHandler.Status(HttpStatusCode.ServiceUnavailable, TimeSpan.FromHours(2)));
        using var services = TestEhr.Build(stub, new Dictionary<string, string?> { ["Ehr:Resilience:MaxRetryAfter"] = "00:00:20" }, clock);

        var sending = services.FhirHttp().GetAsync(Url);
        await clock.WaitForTimerAsync(TimeSpan.FromSeconds(20));
        clock.Advance(TimeSpan.FromSeconds(20));
        using var response = await sending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SendAsync_When429_ThenRetried()
    {
        var stub = FailingOnce(() => StubHttpHandler.Status(HttpStatusCode.TooManyRequests, TimeSpan.Zero));
        using var services = TestEhr.Build(stub);

        using var response = await services.FhirHttp().GetAsync(Url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_When500WithoutRetryAfter_ThenBacksOffAndRetries()
    {
        var stub = FailingOnce(() => StubHttpHandler.Status(HttpStatusCode.InternalServerError));
        using var services = TestEhr.Build(stub);

        using var response = await services.FhirHttp().GetAsync(Url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.UnprocessableEntity)]
    public async Task SendAsync_WhenTheEhrRefusesTheRequest_ThenNotRetried(HttpStatusCode status)
    {
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Json(Bundles.Outcome("refused"), status));
        using var services = TestEhr.Build(stub);

        using var response = await services.FhirHttp().GetAsync(Url);

        Assert.Equal(status, response.StatusCode);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task SendAsync_WhenStill503AfterAllRetries_ThenReturnsTheLast503()
    {
        var stub = new StubHttpHandler((_, _) => StubHttpHandler.Status(HttpStatusCode.ServiceUnavailable, TimeSpan.Zero));
        using var services = TestEhr.Build(stub, new Dictionary<string, string?> { ["Ehr:Resilience:MaxRetryAttempts"] = "2" });

        using var response = await services.FhirHttp().GetAsync(Url);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(3, stub.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_WhenAnAttemptTimesOut_ThenRetriesAndSucceeds()
    {
        var calls = 0;
        var stub = new StubHttpHandler(async (_, _, cancellationToken) =>
        {
            if (Interlocked.Increment(ref calls) == 1) await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
            return StubHttpHandler.Json(Bundles.SearchSet([]));
        });
        using var services = TestEhr.Build(stub, new Dictionary<string, string?>
        {
            ["Ehr:Resilience:AttemptTimeout"] = "00:00:00.200",
            ["Ehr:Resilience:TotalTimeout"] = "00:00:05",
            ["Ehr:Resilience:CircuitBreakerSamplingDuration"] = "00:00:10",
        });

        var watch = Stopwatch.StartNew();
        using var response = await services.FhirHttp().GetAsync(Url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, stub.Requests.Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}: the hung attempt was not cut off");
    }

    [Fact]
    public async Task SendAsync_WhenAPlainPostGets500_ThenNotRetriedBecauseTheEhrMayHaveWrittenIt()
    {
        var stub = FailingOnce(() => StubHttpHandler.Status(HttpStatusCode.InternalServerError));
        using var services = TestEhr.Build(stub);

        using var response = await services.FhirHttp().PostAsync(TestEhr.BaseUrl + "/Observation", Body());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task SendAsync_WhenAConditionalCreateGets500_ThenRetriedBecauseItIsIdempotent()
    {
        var stub = FailingOnce(() => StubHttpHandler.Status(HttpStatusCode.InternalServerError));
        using var services = TestEhr.Build(stub);
        using var request = new HttpRequestMessage(HttpMethod.Post, TestEhr.BaseUrl + "/Observation") { Content = Body() };
        request.Headers.Add("If-None-Exist", "identifier=https://alliancefhir.org/id|obs-1");

        using var response = await services.FhirHttp().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, stub.Requests.Count);
        Assert.All(stub.Requests, r => Assert.Equal("""{"resourceType":"Observation"}""", r.Body));
    }

    [Fact]
    public async Task SendAsync_WhenAPostGets503_ThenRetriedBecauseTheEhrDidNotProcessIt()
    {
        var stub = FailingOnce(() => StubHttpHandler.Status(HttpStatusCode.ServiceUnavailable, TimeSpan.Zero));
        using var services = TestEhr.Build(stub);

        using var response = await services.FhirHttp().PostAsync(TestEhr.BaseUrl, Body());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, stub.Requests.Count);
    }

    private static StringContent Body() => new("""{"resourceType":"Observation"}""", Encoding.UTF8, "application/fhir+json");
}
