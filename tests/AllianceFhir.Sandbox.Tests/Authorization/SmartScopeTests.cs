using AllianceFhir.Sandbox.Authorization;

namespace AllianceFhir.Sandbox.Tests.Authorization;

public sealed class SmartScopeTests
{
    [Theory]
    [InlineData("patient/Observation.rs", "patient", "Observation", "rs")]
    [InlineData("user/*.cruds", "user", "*", "cruds")]
    [InlineData("system/Patient.r", "system", "Patient", "r")]
    [InlineData("patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|survey", "patient", "Observation", "rs")]
    [InlineData("patient/*.read", "patient", "*", "rs")] // SMART v1
    [InlineData("user/Flag.write", "user", "Flag", "cud")] // SMART v1
    public void TryParse_WhenScopeIsSmartSyntax_ThenContextTypeAndPermissions(string scope, string context, string type, string permissions)
    {
        Assert.Equal(new SmartScope(context, type, permissions), SmartScope.TryParse(scope));
    }

    [Theory]
    [InlineData("patient/Observation.sr")] // v2 permissions keep the order c r u d s
    [InlineData("patient/Observation.")]
    [InlineData("practitioner/Observation.rs")]
    [InlineData("patient/observation.rs")]
    [InlineData("patient/Observation.rrs")]
    [InlineData("admin")]
    public void IsValid_WhenScopeIsNotSmartSyntax_ThenFalse(string scope)
    {
        Assert.False(SmartScope.IsValid(scope));
    }

    [Theory]
    [InlineData("launch")]
    [InlineData("launch/patient")]
    [InlineData("openid")]
    [InlineData("fhirUser")]
    [InlineData("offline_access")]
    [InlineData("online_access")]
    public void IsValid_WhenScopeIsAContextScope_ThenTrue(string scope)
    {
        Assert.True(SmartScope.IsValid(scope));
    }

    [Fact]
    public void Allows_WhenWildcardType_ThenEveryTypeButOnlyTheGrantedInteractions()
    {
        var scope = SmartScope.TryParse("patient/*.rs")!;

        Assert.True(scope.Allows("QuestionnaireResponse", 's'));
        Assert.True(scope.Allows("Patient", 'r'));
        Assert.False(scope.Allows("Observation", 'c'));
    }
}
