using System.Text.Json.Nodes;
using AllianceFhir.Sandbox.Hosting;
using AllianceFhir.Sandbox.Proxy.Compartment;

namespace AllianceFhir.Sandbox.Tests.Proxy.Compartment;

public sealed class PatientCompartmentTests
{
    private static readonly SandboxUrls Urls = new("http://127.0.0.1:7001", "http://127.0.0.1:7001/fhir", "http://127.0.0.1:7002/fhir", "http://127.0.0.1:7003/launch");
    private static readonly PatientCompartment Compartment = new(PatientCompartmentDefinition.R4, Urls);

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    [Theory]
    [InlineData("""{"resourceType":"Observation","subject":{"reference":"Patient/a"}}""", true)]
    [InlineData("""{"resourceType":"Observation","subject":{"reference":"http://127.0.0.1:7001/fhir/Patient/a"}}""", true)]
    [InlineData("""{"resourceType":"Observation","subject":{"reference":"Patient/b"},"performer":[{"reference":"Practitioner/x"},{"reference":"Patient/a"}]}""", true)]
    [InlineData("""{"resourceType":"Observation","subject":{"reference":"Patient/b"},"focus":[{"reference":"Patient/a"}]}""", false)]
    [InlineData("""{"resourceType":"Observation","status":"final"}""", false)]
    [InlineData("""{"resourceType":"Observation","subject":{"reference":"http://other.example/fhir/Patient/a"}}""", false)]
    [InlineData("""{"resourceType":"Task","for":{"reference":"Patient/b"}}""", false)]
    [InlineData("""{"resourceType":"Task","for":{"reference":"Patient/a"}}""", true)]
    [InlineData("""{"resourceType":"Appointment","participant":[{"actor":{"reference":"Practitioner/x"}},{"actor":{"reference":"Patient/a"}}]}""", true)]
    [InlineData("""{"resourceType":"Patient","id":"a"}""", true)]
    [InlineData("""{"resourceType":"Patient","id":"b","link":[{"other":{"reference":"Patient/a"}}]}""", false)]
    [InlineData("""{"resourceType":"Questionnaire","id":"q"}""", true)]
    public void Contains_WhenResourceReferencesPatients_ThenOnlyACompartmentReferenceToThePatientCounts(string resource, bool expected)
    {
        Assert.Equal(expected, Compartment.Contains(Json(resource), "a"));
    }

    [Theory]
    [InlineData("""{"resourceType":"QuestionnaireResponse","subject":{"reference":"Patient/a"},"author":{"reference":"Patient/b"}}""", "author")]
    [InlineData("""{"resourceType":"Communication","subject":{"reference":"Patient/a"},"recipient":[{"reference":"Patient/b"}]}""", "recipient")]
    [InlineData("""{"resourceType":"Task","for":{"reference":"Patient/b"}}""", "for")]
    [InlineData("""{"resourceType":"Observation","subject":{"reference":"#p"}}""", "literal")]
    [InlineData("""{"resourceType":"Observation","subject":{"identifier":{"value":"123"}}}""", "literal")]
    [InlineData("""{"resourceType":"Observation","status":"final"}""", "compartment")]
    [InlineData("""{"resourceType":"Patient","id":"b"}""", "own Patient")]
    public void CheckWrite_WhenABodyNamesAnotherPatientOrNone_ThenRefusedNamingTheField(string resource, string reason)
    {
        var check = Compartment.CheckWrite(Json(resource), "a");

        Assert.NotNull(check.Violation);
        Assert.Contains(reason, check.Violation);
    }

    [Theory]
    [InlineData("""{"resourceType":"Observation","subject":{"reference":"Patient/a"},"performer":[{"reference":"Practitioner/x"}]}""")]
    [InlineData("""{"resourceType":"Patient","id":"a"}""")]
    [InlineData("""{"resourceType":"Questionnaire","status":"active"}""")]
    public void CheckWrite_WhenEveryCompartmentReferenceIsThePatient_ThenAllowed(string resource)
    {
        Assert.Equal(WriteCheck.Pass, Compartment.CheckWrite(Json(resource), "a"));
    }

    [Fact]
    public void CheckWrite_WhenProvenanceTargetsAnotherResource_ThenTheTargetIsLeftToLookUp()
    {
        var check = Compartment.CheckWrite(Json("""{"resourceType":"Provenance","target":[{"reference":"Flag/f1"}]}"""), "a");

        Assert.Null(check.Violation);
        Assert.Equal([new FhirReference("Flag", "f1", null)], check.Resolve);
    }
}
