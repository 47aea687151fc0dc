using System.Net;
using AllianceFhir.Testing.FhirServer;
using AllianceFhir.Testing.Tests.FhirServer.Support;
using Hl7.Fhir.Model;

namespace AllianceFhir.Testing.Tests.FhirServer;

public sealed class SearchTests(FhirServerFixture fhir) : IClassFixture<FhirServerFixture>
{
    [Fact]
    public async System.Threading.Tasks.Task Search_WhenMoreMatchesThanCount_ThenNextLinksOnServerBaseVisitEveryResourceOnce()
    {
        var system = TestResources.NewSystem();
        var created = new List<string>();
        for (var i = 0; i < 45; i++) created.Add((await FhirHttp.CreateAsync(fhir.Client, TestResources.Phq9Total(system, $"{i}", score: i % 28))).Id!);

        var seen = new List<string>();
        var pages = 0;
        string? next = $"Observation?identifier={Uri.EscapeDataString(system + "|")}&_count=10";
        while (next is not null)
        {
            var page = await FhirHttp.GetAsync<Bundle>(fhir.Client, next);
            pages++;
            Assert.Equal(45, page.Total);
            Assert.True(page.Entry.Count <= 10);
            Assert.All(page.Entry, e => Assert.Equal($"{fhir.BaseUrl}/Observation/{e.Resource!.Id}", e.FullUrl));
            seen.AddRange(FhirHttp.Ids(page));
            next = page.NextLink?.ToString();
            if (next is not null) Assert.StartsWith(fhir.BaseUrl + "/Observation?", next);
        }

        Assert.Equal(5, pages);
        Assert.Equal(created.Order(), seen.Order());
    }

    [Fact]
    public async System.Threading.Tasks.Task Search_WhenCountNotGiven_ThenFirstPageOfTwentyWithNextLink()
    {
        var system = TestResources.NewSystem();
        for (var i = 0; i < 25; i++) await FhirHttp.CreateAsync(fhir.Client, TestResources.Phq9Total(system, $"{i}"));

        var page = await FhirHttp.GetAsync<Bundle>(fhir.Client, $"Observation?identifier={Uri.EscapeDataString(system + "|")}");

        Assert.Equal(20, page.Entry.Count);
        Assert.NotNull(page.NextLink);
    }

    [Fact]
    public async System.Threading.Tasks.Task Search_WhenLastUpdatedGreaterThanFirstResource_ThenOnlyNewerResources()
    {
        var system = TestResources.NewSystem();
        var older = await FhirHttp.CreateAsync(fhir.Client, TestResources.Phq9Total(system, "older"));
        await System.Threading.Tasks.Task.Delay(20);
        var newer = await FhirHttp.CreateAsync(fhir.Client, TestResources.Phq9Total(system, "newer"));
        var since = older.Meta!.LastUpdated!.Value.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ");

        var greater = await FhirHttp.GetAsync<Bundle>(fhir.Client, $"Observation?identifier={Uri.EscapeDataString(system + "|")}&_lastUpdated=gt{since}");
        var greaterOrEqual = await FhirHttp.GetAsync<Bundle>(fhir.Client, $"Observation?identifier={Uri.EscapeDataString(system + "|")}&_lastUpdated=ge{since}");

        Assert.Equal([newer.Id!], FhirHttp.Ids(greater));
        Assert.Equal(new[] { older.Id!, newer.Id! }.Order(), FhirHttp.Ids(greaterOrEqual).Order());
    }

    [Fact]
    public async System.Threading.Tasks.Task Search_WhenIdentifierSystemAndValue_ThenFindsOnlyThatResource()
    {
        var system = TestResources.NewSystem();
        await FhirHttp.CreateAsync(fhir.Client, TestResources.Phq9Total(system, "a"));
        var wanted = await FhirHttp.CreateAsync(fhir.Client, TestResources.Phq9Total(system, "b"));
        await FhirHttp.CreateAsync(fhir.Client, TestResources.Phq9Total(TestResources.NewSystem(), "b"));

        var found = await FhirHttp.GetAsync<Bundle>(fhir.Client, $"Observation?identifier={Uri.EscapeDataString(system + "|b")}");

        Assert.Equal([wanted.Id!], FhirHttp.Ids(found));
    }

    [Fact]
    public async System.Threading.Tasks.Task SearchByPost_WhenFormParameters_ThenSameResultAsGet()
    {
        var system = TestResources.NewSystem();
        var wanted = await FhirHttp.CreateAsync(fhir.Client, TestResources.Phq9Total(system, "x"));

        using var response = await fhir.Client.PostAsync("Observation/_search",
            new FormUrlEncodedContent([new("identifier", system + "|x"), new("_count", "5")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bundle = await FhirHttp.ReadAsync<Bundle>(response);
        Assert.Equal([wanted.Id!], FhirHttp.Ids(bundle));
    }

    [Fact]
    public async System.Threading.Tasks.Task Search_WhenSortedByDateDescendingThenIdentifier_ThenNewestFirstAndTiesByIdentifier()
    {
        var system = TestResources.NewSystem();
        var day = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        await FhirHttp.CreateAsync(fhir.Client, TestResources.Phq9Total(system, "b", effective: day));
        await FhirHttp.CreateAsync(fhir.Client, TestResources.Phq9Total(system, "c", effective: day.AddDays(-7)));
        await FhirHttp.CreateAsync(fhir.Client, TestResources.Phq9Total(system, "a", effective: day));
        await FhirHttp.CreateAsync(fhir.Client, TestResources.Phq9Total(system, "d", effective: day.AddDays(7)));

        var sorted = await FhirHttp.GetAsync<Bundle>(fhir.Client, $"Observation?identifier={Uri.EscapeDataString(system + "|")}&_sort=-date,identifier");

        Assert.Equal(["d", "a", "b", "c"], sorted.Entry.Select(e => ((Observation)e.Resource!).Identifier.Single().Value));
    }

    [Fact]
    public async System.Threading.Tasks.Task Search_WhenIncludeAndRevinclude_ThenPatientAndProvenanceComeAlongAsIncludes()
    {
        var system = TestResources.NewSystem();
        var patient = await FhirHttp.CreateAsync(fhir.Client, TestResources.Patient(system, "p"));
        var observation = await FhirHttp.CreateAsync(fhir.Client, TestResources.Phq9Total(system, "o", patientReference: $"Patient/{patient.Id}"));
        var provenance = await FhirHttp.CreateAsync(fhir.Client, new Provenance
        {
            Target = [new ResourceReference($"Observation/{observation.Id}")],
            Recorded = DateTimeOffset.UtcNow,
            Agent = [new Provenance.AgentComponent { Who = new ResourceReference($"Patient/{patient.Id}") }],
        });

        var bundle = await FhirHttp.GetAsync<Bundle>(fhir.Client,
            $"Observation?subject=Patient/{patient.Id}&_include=Observation:subject&_revinclude=Provenance:target");

        Assert.Equal(1, bundle.Total);
        Assert.Equal(observation.Id, Assert.Single(bundle.Entry, e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Resource!.Id);
        var included = bundle.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Include).Select(e => e.Resource!.TypeName + "/" + e.Resource.Id);
        Assert.Equal(new[] { $"Patient/{patient.Id}", $"Provenance/{provenance.Id}" }.Order(), included.Order());
    }
}
