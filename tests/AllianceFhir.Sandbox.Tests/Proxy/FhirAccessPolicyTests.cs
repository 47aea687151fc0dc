using AllianceFhir.Sandbox.Proxy;
using AllianceFhir.Sandbox.Proxy.Compartment;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace AllianceFhir.Sandbox.Tests.Proxy;

public sealed class FhirAccessPolicyTests
{
    private static AccessDecision Decide(string method, string pathAndQuery, string scopes, string? patient = "p1")
    {
        var parts = pathAndQuery.Split('?', 2);
        var query = new QueryCollection(parts.Length > 1 ? QueryHelpers.ParseQuery(parts[1]) : []);
        return FhirAccessPolicy.Decide(scopes.Split(' '), patient, FhirTarget.Classify(method, parts[0]), query, PatientCompartmentDefinition.R4);
    }

    [Theory]
    [InlineData("GET", "/Observation/1", 'r', "Observation", "1")]
    [InlineData("GET", "/Observation/1/_history/2", 'r', "Observation", "1")]
    [InlineData("GET", "/Observation", 's', "Observation", null)]
    [InlineData("POST", "/Observation/_search", 's', "Observation", null)]
    [InlineData("POST", "/Observation", 'c', "Observation", null)]
    [InlineData("PUT", "/Observation/1", 'u', "Observation", "1")]
    [InlineData("PATCH", "/Observation/1", 'u', "Observation", "1")]
    [InlineData("DELETE", "/Observation/1", 'd', "Observation", "1")]
    [InlineData("POST", "/", 'c', null, null)]
    public void Classify_WhenMethodAndPath_ThenSmartInteraction(string method, string path, char interaction, string? type, string? id)
    {
        Assert.Equal(new FhirTarget(type, id, interaction), FhirTarget.Classify(method, path));
    }

    [Theory]
    [InlineData("/QuestionnaireResponse/qr-1/_history", "qr-1")]
    [InlineData("/QuestionnaireResponse/_history", null)]
    public void Classify_WhenHistoryListing_ThenMarkedAsHistory(string path, string? id)
    {
        Assert.Equal(new FhirTarget("QuestionnaireResponse", id, id is null ? 's' : 'r', History: true), FhirTarget.Classify("GET", path));
    }

    [Fact]
    public void Decide_WhenPatientTokenReadsATypesWholeHistory_ThenRefused()
    {
        var decision = Decide("GET", "/QuestionnaireResponse/_history?subject=Patient/p1", "patient/QuestionnaireResponse.rs");

        Assert.False(decision.Allowed);
        Assert.Contains("whole history", decision.Reason);
    }

    [Theory]
    [InlineData("PUT", "/Observation?identifier=x")]
    [InlineData("DELETE", "/Observation?subject=Patient/p2")]
    public void Decide_WhenPatientTokenUpdatesOrDeletesConditionally_ThenRefused(string method, string pathAndQuery)
    {
        Assert.False(Decide(method, pathAndQuery, "patient/Observation.cruds").Allowed);
    }

    [Theory]
    [InlineData("/Task?patient=Patient/p1")]
    [InlineData("/Flag?patient=p1")]
    [InlineData("/Communication?recipient=Patient/p1")]
    [InlineData("/Observation?performer=Patient/p1")]
    public void Decide_WhenSearchNamesThePatientInACompartmentParameter_ThenAllowedInsideItsCompartment(string pathAndQuery)
    {
        Assert.Equal(AccessDecision.InCompartmentOf("p1"), Decide("GET", pathAndQuery, "patient/*.rs"));
    }

    [Theory]
    [InlineData("/Task?owner=Practitioner/x")]
    [InlineData("/Communication?recipient=Patient/p2")]
    public void Decide_WhenSearchOfPatientDataDoesNotNameThePatient_ThenRefused(string pathAndQuery)
    {
        Assert.False(Decide("GET", pathAndQuery, "patient/*.rs").Allowed);
    }

    [Fact]
    public void Decide_WhenPatientTokenSearchesATypeThatIsNotPatientData_ThenAllowedByScope()
    {
        Assert.True(Decide("GET", "/Questionnaire?url=http://example.org/q", "patient/Questionnaire.rs").Allowed);
    }

    [Fact]
    public void Decide_WhenPatientScopeAndSearchNamesThePatient_ThenAllowedInsideItsCompartment()
    {
        Assert.Equal(AccessDecision.InCompartmentOf("p1"), Decide("GET", "/Observation?patient=Patient/p1", "patient/Observation.rs"));
        Assert.Equal(AccessDecision.InCompartmentOf("p1"), Decide("GET", "/Patient?_id=p1", "patient/Patient.rs"));
    }

    [Fact]
    public void Decide_WhenPatientScopeSearchesTwoPatients_ThenRefused()
    {
        Assert.False(Decide("GET", "/Observation?patient=p1,p2", "patient/Observation.rs").Allowed);
    }

    [Fact]
    public void Decide_WhenSystemScope_ThenAllowedWithoutCompartment()
    {
        Assert.Equal(AccessDecision.Allow, Decide("GET", "/Observation", "system/Observation.rs", patient: null));
    }

    [Fact]
    public void Decide_WhenBatchWithPatientScopes_ThenRefused()
    {
        var decision = Decide("POST", "/", "patient/*.cruds");

        Assert.False(decision.Allowed);
        Assert.Contains("system level", decision.Reason);
    }

    [Fact]
    public void Decide_WhenPatientScopeButTokenHasNoPatient_ThenRefused()
    {
        Assert.False(Decide("GET", "/Observation?patient=p1", "patient/Observation.rs", patient: null).Allowed);
    }
}
