using System.Text.Json;
using System.Text.Json.Nodes;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Trajectories;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.Samples.Sessions;
using AllianceFhir.Smart.Features.Dashboard;

namespace AllianceFhir.Smart.Tests.Features.Dashboard;

/// <summary>
/// Who answered, as the dashboard reads it from a response (docs/domain.md §10): the client, a RelatedPerson named as the
/// author, or a caregiver version with no one named; each caregiver report beside the client's self-report, never in it.
/// Uses the shipped catalogue (RCADS-25 and its caregiver version RCADS-P-25).
/// </summary>
public class DashboardBuilderTests
{
    private const string PatientId = "young-1";
    private const string PatientReference = "Patient/" + PatientId;
    private static readonly DateTimeOffset When = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DashboardBuilder Builder = new(ProfileDirectory.LoadCatalogue(), new TrajectorySettings());

    private static JsonElement Response(string instrument, string id, int total, string? author = null)
    {
        var response = SessionHistory.Response(instrument, PatientId, total, When);
        response["id"] = id;
        if (author is not null) response["author"] = new JsonObject { ["reference"] = author };
        return JsonDocument.Parse(response.ToJsonString()).RootElement.Clone();
    }

    [Fact]
    public void Score_WhenSelfReportCaregiverVersionOrRelatedPersonAuthor_ThenTheInformantIsTypedAndOnlyANamedOneHasAReference()
    {
        var self = Builder.Score(PatientReference, Response("rcads-25", "qr-self", 25));
        var unnamed = Builder.Score(PatientReference, Response("rcads-p-25", "qr-parent-form", 20));
        var named = Builder.Score(PatientReference, Response("rcads-25", "qr-by-mum", 30, author: "RelatedPerson/mum"));

        Assert.Equal((Informant.Self, (string?)null), (self.Informant, self.InformantReference));
        Assert.Equal((Informant.Caregiver, (string?)null), (unnamed.Informant, unnamed.InformantReference));
        Assert.Equal((Informant.Caregiver, (string?)"RelatedPerson/mum"), (named.Informant, named.InformantReference));
    }

    [Fact]
    public void Build_WhenAnUnnamedAndANamedCaregiverReport_ThenEachIsItsOwnCaregiverSeriesAndTheSelfReportHoldsOnlyTheClients()
    {
        var responses = new[]
        {
            Builder.Score(PatientReference, Response("rcads-25", "qr-self", 25)),
            Builder.Score(PatientReference, Response("rcads-p-25", "qr-parent-form", 20)),
            Builder.Score(PatientReference, Response("rcads-25", "qr-by-mum", 30, author: "RelatedPerson/mum")),
        };

        var view = Builder.Build(PatientId, null, responses, [], []);

        var chart = Assert.Single(view.Informants);
        Assert.Equal("rcads-25", chart.InstrumentId);
        Assert.Equal(25m, Assert.Single(chart.Self).Value);
        Assert.Equal(
            [(null, InformantChartBuilder.UnnamedCaregiver, 20m), ("RelatedPerson/mum", "Caregiver (RelatedPerson/mum)", 30m)],
            chart.Caregivers.Select(c => (c.Informant, c.Label, Assert.Single(c.Points).Value)));
    }
}
