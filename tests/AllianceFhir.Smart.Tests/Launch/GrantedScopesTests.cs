using AllianceFhir.Smart.Launch;

namespace AllianceFhir.Smart.Tests.Launch;

public class GrantedScopesTests
{
    [Theory]
    [InlineData("patient/Observation.rs", "patient/Observation.rs")]
    [InlineData("patient/Observation.cruds", "patient/Observation.rs")]
    [InlineData("patient/*.rs", "patient/Observation.rs")]
    [InlineData("patient/Observation.read", "patient/Observation.rs")]
    [InlineData("patient/Observation.write", "patient/Observation.cu")]
    [InlineData("patient/*.*", "patient/Flag.u")]
    [InlineData("user/Observation.rs", "patient/Observation.rs")]
    public void Covers_WhenGrantIsEqualOrBroader_ThenTrue(string granted, string needed) =>
        Assert.True(GrantedScopes.Covers(GrantedScopes.Parse("openid " + granted), needed));

    [Theory]
    [InlineData("patient/Observation.r", "patient/Observation.rs")]
    [InlineData("patient/Condition.rs", "patient/Observation.rs")]
    [InlineData("patient/Observation.rs?category=survey", "patient/Observation.rs")]
    [InlineData("patient/Observation.read", "patient/Observation.c")]
    [InlineData("system/Observation.rs", "patient/Observation.rs")]
    [InlineData("", "patient/Observation.rs")]
    public void Covers_WhenGrantIsNarrowerOrElsewhere_ThenFalse(string granted, string needed) =>
        Assert.False(GrantedScopes.Covers(GrantedScopes.Parse(granted), needed));

    [Fact]
    public void Missing_WhenOneOfSeveralWithheld_ThenNamesOnlyThatOne()
    {
        var granted = GrantedScopes.Parse("launch openid fhirUser patient/Flag.rs patient/Task.rs");
        Assert.Equal(["patient/Communication.rs"], GrantedScopes.Missing(granted, ["patient/Flag.rs", "patient/Task.rs", "patient/Communication.rs"]));
    }
}
