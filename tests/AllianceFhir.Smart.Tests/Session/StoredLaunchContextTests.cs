using AllianceFhir.Smart.Session;

namespace AllianceFhir.Smart.Tests.Session;

public class StoredLaunchContextTests
{
    [Fact]
    public void Deserialize_WhenSerialized_ThenSameContext()
    {
        var c = new SmartLaunchContext(new Uri("http://127.0.0.1:5070/fhir"), "p1", "e1", "Practitioner/x",
            new HashSet<string> { "launch", "patient/Observation.rs" }, true, "http://s/style.json", ["Encounter/e1"]);
        var back = StoredLaunchContext.Deserialize(StoredLaunchContext.Serialize(c))!;
        Assert.Equal((c.FhirBaseUrl, c.PatientId, c.EncounterId, c.FhirUser, c.NeedPatientBanner, c.SmartStyleUrl),
            (back.FhirBaseUrl, back.PatientId, back.EncounterId, back.FhirUser, back.NeedPatientBanner, back.SmartStyleUrl));
        Assert.True(c.GrantedScopes.SetEquals(back.GrantedScopes));
        Assert.Equal(c.FhirContextReferences, back.FhirContextReferences);
    }
}
