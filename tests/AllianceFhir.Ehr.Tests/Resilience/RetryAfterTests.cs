using System.Net;
using System.Net.Http.Headers;
using AllianceFhir.Ehr.Resilience;
using AllianceFhir.Ehr.Tests.Support;

namespace AllianceFhir.Ehr.Tests.Resilience;

public sealed class RetryAfterTests
{
    [Fact]
    public void TryGetDelay_WhenHttpDate_ThenWaitsUntilThatDateByTheInjectedClock()
    {
        var clock = new FakeClock();
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(clock.GetUtcNow().AddSeconds(45));

        Assert.True(RetryAfter.TryGetDelay(response, clock, out var delay));
        Assert.Equal(TimeSpan.FromSeconds(45), delay);
    }

    [Fact]
    public void TryGetDelay_WhenHttpDateIsPast_ThenNoWait()
    {
        var clock = new FakeClock();
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(clock.GetUtcNow().AddSeconds(-10));

        Assert.True(RetryAfter.TryGetDelay(response, clock, out var delay));
        Assert.Equal(TimeSpan.Zero, delay);
    }

    [Fact]
    public void TryGetDelay_WhenNoHeader_ThenFalse()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.False(RetryAfter.TryGetDelay(response, new FakeClock(), out _));
    }
}
