using System.Net;
using System.Text.Json;
using AllianceFhir.Ehr.WriteBack;
using AllianceFhir.Smart.Features.Ehr;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AllianceFhir.Smart.Tests.Features.Ehr;

public sealed class EhrFailureExceptionHandlerTests
{
    private readonly EhrFailureExceptionHandler _handler = new(NullLogger<EhrFailureExceptionHandler>.Instance);

    private static DefaultHttpContext Context() => new()
    {
        RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
        Response = { Body = new MemoryStream() },
    };

    private static JsonElement Problem(HttpContext context)
    {
        context.Response.Body.Position = 0;
        return JsonDocument.Parse(context.Response.Body).RootElement.Clone();
    }

    [Fact]
    public async Task TryHandleAsync_WhenTheEhrAnsweredAnError_Then502ProblemWithWhatFailed()
    {
        var context = Context();

        var handled = await _handler.TryHandleAsync(context,
            new EhrRequestException("The EHR answered 500 to a search for QuestionnaireResponse", HttpStatusCode.InternalServerError, "{\"resourceType\":\"OperationOutcome\"}"), CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status502BadGateway, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType);
        var problem = Problem(context);
        Assert.Equal("The EHR did not answer as expected", problem.GetProperty("title").GetString());
        Assert.Equal("The EHR answered 500 to a search for QuestionnaireResponse", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TryHandleAsync_WhenAWriteWasNotConfirmed_Then503SayingToSendItAgain()
    {
        var context = Context();

        var handled = await _handler.TryHandleAsync(context, new WriteBackIncompleteException(2, "https://ehr.example.org/fhir"), CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        var problem = Problem(context);
        Assert.Equal("The EHR did not confirm the save", problem.GetProperty("title").GetString());
        Assert.Contains("submit again", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TryHandleAsync_WhenNotAnEhrFailure_ThenLeftToTheNextHandler()
    {
        var context = Context();

        var handled = await _handler.TryHandleAsync(context, new InvalidOperationException("a bug"), CancellationToken.None);

        Assert.False(handled);
        Assert.Equal(0, context.Response.Body.Length);
    }

    [Fact]
    public async Task TryHandleAsync_WhenTheEhrFailsForAPatient_ThenTheLogNamesTheRouteNotThePatient()
    {
        var log = new CollectingLogger();
        var context = Context();
        context.Request.Path = "/api/patients/pat-secret-42/dashboard";
        context.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/api/patients/{patientId}/dashboard"), 0, null, null));

        await new EhrFailureExceptionHandler(log).TryHandleAsync(context,
            new EhrRequestException("The EHR answered 500", HttpStatusCode.InternalServerError, "{}"), CancellationToken.None);

        var line = Assert.Single(log.Lines);
        Assert.Contains("/api/patients/{patientId}/dashboard", line);
        Assert.DoesNotContain("pat-secret-42", line);
    }

    private sealed class CollectingLogger : ILogger<EhrFailureExceptionHandler>
    {
        public List<string> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
