using AllianceFhir.Core.Confidentiality;
using AllianceFhir.Core.Tests.Support;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Tests.Confidentiality;

/// <summary>Issue 13 §4: who gets the young-person security labels, and which labels (docs/domain.md §9).</summary>
public class ConfidentialityLabelsTests
{
    private static readonly DateTimeOffset Authored = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly ConfidentialitySettings Defaults = new();

    [Theory]
    [InlineData("2008-06-02", true)]  // 17 the day before the 18th birthday
    [InlineData("2008-06-01", false)] // 18 on the day
    [InlineData("2011-01-15", true)]  // 15
    [InlineData("1990-03-04", false)]
    [InlineData("2008", true)]        // a year only: counted from 31 Dec 2008, the youngest the patient can be
    [InlineData("2008-05", false)]    // born by 31 May 2008: 18 on 1 Jun 2026
    [InlineData(null, true)]          // unknown: labelled (the safe default)
    [InlineData("not-a-date", true)]
    public void IsYoungPerson_WhenBirthDate_ThenUnderTheLimitOnTheAuthoredDay(string? birthDate, bool expected) =>
        Assert.Equal(expected, ConfidentialityLabels.IsYoungPerson(birthDate, Authored, Defaults));

    [Fact]
    public void IsYoungPerson_WhenLimitZeroOrUnknownNotLabelled_ThenNoLabels()
    {
        Assert.False(ConfidentialityLabels.IsYoungPerson("2015-01-01", Authored, Defaults with { YoungPersonAgeLimit = 0 }));
        Assert.False(ConfidentialityLabels.IsYoungPerson(null, Authored, Defaults with { LabelWhenAgeUnknown = false }));
        Assert.True(ConfidentialityLabels.IsYoungPerson("2004-03-15", Authored, Defaults with { YoungPersonAgeLimit = 25 })); // 22, a site labelling 18–24 too
    }

    [Fact]
    public void Apply_WhenDefaults_ThenRestrictedAndMentalHealthSensitivityOnceEach()
    {
        var observation = new Observation { Meta = new Meta { Profile = ["https://example.org/p"] } };
        ConfidentialityLabels.Apply(observation, Defaults);
        ConfidentialityLabels.Apply(observation, Defaults); // twice: still one of each
        Assert.Collection(observation.Meta.Security,
            c => { Assert.Equal("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", c.System); Assert.Equal("R", c.Code); Assert.Equal("restricted", c.Display); },
            c => { Assert.Equal("http://terminology.hl7.org/CodeSystem/v3-ActCode", c.System); Assert.Equal("MH", c.Code); });
        Assert.Equal(["https://example.org/p"], observation.Meta.Profile);
    }

    [Fact]
    public void Covers_WhenInstrument_ThenAllianceOnly()
    {
        Assert.True(ConfidentialityLabels.Covers(TestCatalogue.WaiSr));
        Assert.True(ConfidentialityLabels.Covers(TestCatalogue.Srs));
        Assert.False(ConfidentialityLabels.Covers(TestCatalogue.Phq9));
    }
}
