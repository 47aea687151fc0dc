using System.Net.Http.Headers;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Testing.Tests.FhirServer.Support;

/// <summary>Firely, strict both ways, over plain HttpClient: what an integrator's client sees on the wire.</summary>
internal static class FhirHttp
{
    public const string JsonMediaType = "application/fhir+json";

    private static readonly FhirJsonDeserializer Strict = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
    private static readonly FhirJsonSerializer Serializer = new();

    public static string Serialize(Resource resource) => Serializer.SerializeToString(resource);

    public static T Parse<T>(string json) where T : Resource => Strict.Deserialize<T>(json);

    public static StringContent Content(Resource resource) => Content(Serialize(resource));

    public static StringContent Content(string json)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(JsonMediaType) { CharSet = "utf-8" };
        return content;
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) where T : Resource
    {
        var json = await response.Content.ReadAsStringAsync();
        return Parse<T>(json);
    }

    public static async Task<T> GetAsync<T>(HttpClient client, string url) where T : Resource
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await ReadAsync<T>(response);
    }

    public static async Task<T> CreateAsync<T>(HttpClient client, T resource) where T : Resource
    {
        using var response = await client.PostAsync(resource.TypeName, Content(resource));
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created,
            $"POST {resource.TypeName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await ReadAsync<T>(response);
    }

    /// <summary>The ids of a Bundle's resources, in entry order.</summary>
    public static IReadOnlyList<string> Ids(Bundle bundle) => bundle.Entry.Select(e => e.Resource!.Id!).ToList();

    /// <summary>The status code of each entry of a batch- or transaction-response (Medplum writes "201", not "201 Created").</summary>
    public static IReadOnlyList<string> Statuses(Bundle bundle) => bundle.Entry.Select(e => e.Response!.Status!.Split(' ')[0]).ToList();

    /// <summary>The search's total (Bundle.total with _summary=count).</summary>
    public static async Task<int> CountAsync(HttpClient client, string typeAndQuery)
    {
        var separator = typeAndQuery.Contains('?') ? '&' : '?';
        var bundle = await GetAsync<Bundle>(client, $"{typeAndQuery}{separator}_summary=count");
        return bundle.Total ?? throw new InvalidOperationException($"{typeAndQuery}: no Bundle.total");
    }
}
