using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Core.Tests.Support;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Tests.Scoring;

/// <summary>Issue 10 §2: EHR totals that cannot join a series are bad input to report, not silently dropped.</summary>
public class ObservationScoreReaderTests
{
    private static Observation Phq9Total(DataType? value, DataType? effective) => new()
    {
        Id = "ehr-1",
        Status = ObservationStatus.Final,
        Code = new CodeableConcept("http://loinc.org", "44261-6"),
        Subject = new ResourceReference("Patient/p1"),
        Effective = effective,
        Value = value,
    };

    private static readonly FhirDateTime When = new(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TryRead_WhenValueIsAString_ThenBadInputNamingTheType()
    {
        var read = ObservationScoreReader.TryRead(Phq9Total(new FhirString("twelve"), When), TestCatalogue.Instance, out var why, out var bad);
        Assert.Null(read);
        Assert.True(bad);
        Assert.Equal("value is a string, not a Quantity or integer", why);
    }

    [Fact]
    public void TryRead_WhenNoEffectiveTime_ThenBadInput()
    {
        var read = ObservationScoreReader.TryRead(Phq9Total(new Integer(12), null), TestCatalogue.Instance, out var why, out var bad);
        Assert.Null(read);
        Assert.True(bad);
        Assert.Equal("effective[x] is missing", why);
    }

    [Fact]
    public void TryRead_WhenTotal99OnPhq9_ThenBadInputOutOfRange()
    {
        var read = ObservationScoreReader.TryRead(Phq9Total(new Integer(99), When), TestCatalogue.Instance, out var why, out var bad);
        Assert.Null(read);
        Assert.True(bad);
        Assert.Equal("value 99 is outside 0..27", why);
    }

    [Fact]
    public void TryRead_WhenOurOwnScore_ThenSkippedNotBadInput()
    {
        var own = Phq9Total(new Integer(12), When);
        own.Identifier.Add(new Identifier(CanonicalUrls.ScoreIdentifierSystem, "x"));
        Assert.Null(ObservationScoreReader.TryRead(own, TestCatalogue.Instance, out _, out var bad));
        Assert.False(bad);
    }

    [Fact]
    public void TryRead_WhenTotal12_ThenRead()
    {
        var read = ObservationScoreReader.TryRead(Phq9Total(new Integer(12), When), TestCatalogue.Instance, out _, out var bad);
        Assert.False(bad);
        Assert.Equal(12m, read!.Value.Point.Value);
    }
}
