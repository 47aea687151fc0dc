using AllianceFhir.Core.Resources;

namespace AllianceFhir.Core.Tests.Resources;

public class FhirValuesTests
{
    public static TheoryData<string> Instants() =>
    [
        "2026-09-07T10:00:00+00:00",
        "2026-09-07T10:00:00.5+02:00",
        "2026-02-28T23:59:59.1234567-05:00",
        "2026-12-31T23:30:00.120+00:00",
        "2000-01-01T00:00:00.0000001+14:00",
    ];

    [Theory]
    [MemberData(nameof(Instants))]
    public void FormatDateTime_WhenAnInstant_ThenTheTextOfFirelysDateTime(string instant)
    {
        var when = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
        Span<char> text = stackalloc char[FhirValues.DateTimeChars];

        var written = FhirValues.FormatDateTime(when, text);

        Assert.Equal(FhirValues.DateTime(when).Value, text[..written].ToString());
    }

    [Fact]
    public void FormatDateTime_WhenAnyInstantAndOffset_ThenTheTextOfFirelysDateTime()
    {
        var random = new Random(7);
        Span<char> text = stackalloc char[FhirValues.DateTimeChars];
        for (var i = 0; i < 5_000; i++)
        {
            var ticks = random.NextInt64(new DateTime(1900, 1, 1).Ticks, new DateTime(2200, 1, 1).Ticks);
            if (i % 2 == 0) ticks -= ticks % TimeSpan.TicksPerSecond;
            var when = new DateTimeOffset(ticks, TimeSpan.FromMinutes(15 * random.Next(-14 * 4, 14 * 4 + 1)));

            var written = FhirValues.FormatDateTime(when, text);

            Assert.Equal(FhirValues.DateTime(when).Value, text[..written].ToString());
        }
    }
}
