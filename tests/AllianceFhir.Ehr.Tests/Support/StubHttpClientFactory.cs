namespace AllianceFhir.Ehr.Tests.Support;

/// <summary>Hands out plain HttpClients over the stub (no resilience pipeline), noting which names were asked for.</summary>
public sealed class StubHttpClientFactory(StubHttpHandler stub) : IHttpClientFactory
{
    public List<string> Names { get; } = [];

    public HttpClient CreateClient(string name)
    {
        lock (Names) Names.Add(name);
        return new HttpClient(stub, disposeHandler: false);
    }
}
