using System.Text.Json;
using AllianceFhir.Smart.Launch;

namespace AllianceFhir.Smart.Tests.Launch;

public class SmartTokenContextTests
{
    private static readonly Uri Fhir = new("https://ehr.example.org/fhir");

    [Fact]
    public void Read_WhenFullEhrLaunchResponse_ThenCarriesEveryContextMember()
    {
        using var json = JsonDocument.Parse("""
            { "access_token": "x", "token_type": "Bearer", "expires_in": 300,
              "scope": "launch openid fhirUser patient/Observation.rs",
              "patient": "pat-7", "encounter": "enc-3", "need_patient_banner": true,
              "smart_style_url": "https://ehr.example.org/style.json",
              "fhirContext": [ { "reference": "Encounter/enc-3" }, { "reference": "Questionnaire/phq9" } ] }
            """);
        var c = SmartTokenContext.Read(json.RootElement, Fhir, "Practitioner/pr-1");
        Assert.Equal("pat-7", c.PatientId);
        Assert.Equal("enc-3", c.EncounterId);
        Assert.Equal("Practitioner/pr-1", c.FhirUser);
        Assert.True(c.NeedPatientBanner);
        Assert.Equal("https://ehr.example.org/style.json", c.SmartStyleUrl);
        Assert.Equal(["Encounter/enc-3", "Questionnaire/phq9"], c.FhirContextReferences);
        Assert.Contains("patient/Observation.rs", c.GrantedScopes);
        Assert.Equal(Fhir, c.FhirBaseUrl);
    }

    [Fact]
    public void Read_WhenScopeOmitted_ThenTheRequestedScopeWasGranted()
    {
        using var json = JsonDocument.Parse("""{ "access_token": "x", "patient": "p1" }""");
        var c = SmartTokenContext.Read(json.RootElement, Fhir, null, "launch patient/Patient.r");
        Assert.Contains("patient/Patient.r", c.GrantedScopes);
        Assert.False(c.NeedPatientBanner);
        Assert.Null(c.EncounterId);
        Assert.Empty(c.FhirContextReferences);
    }

    [Fact]
    public void Read_WhenNoPatient_ThenRefusedInPlainLanguage()
    {
        using var json = JsonDocument.Parse("""{ "access_token": "x", "scope": "openid" }""");
        var e = Assert.Throws<SmartLaunchException>(() => SmartTokenContext.Read(json.RootElement, Fhir, null));
        Assert.Contains("patient", e.Message);
    }
}
