using System.Globalization;
using System.Text.RegularExpressions;
using AllianceFhir.Core.Resources;

namespace AllianceFhir.Core.Tests.Resources;

/// <summary>
/// The hand-read dateTime shape against what it stands in for: the FHIR R4 dateTime pattern (as published in the R4
/// spec, datatypes.html#dateTime) and .NET's parse and format with the patterns the general path uses.
/// </summary>
public class FhirDateTimeTextTests
{
    private static readonly Regex R4DateTime = new(
        @"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]{1,9})?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$");

    private static readonly string[] ParseFormats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    [Theory]
    [InlineData("2026-01-05T09:00:00Z")]
    [InlineData("2026-01-05T09:00:00-05:00")]
    [InlineData("2026-01-05T23:59:59+14:00")]
    [InlineData("2026-01-05T09:00:00.12+01:30")]
    [InlineData("2026-01-05T09:00:00.1234567Z")]
    [InlineData("2026-01-05T09:00:00-00:00")]
    [InlineData("2024-02-29T00:00:00-13:59")]
    public void TryParseToUtc_WhenAFormFillersDateTime_ThenTheInstantDotNetReadsAtOffsetZero(string text)
    {
        Assert.True(FhirDateTimeText.TryParseToUtc(text, out var read));

        var expected = DateTimeOffset.ParseExact(text, ParseFormats, CultureInfo.InvariantCulture, DateTimeStyles.None);
        Assert.Equal(expected.UtcTicks, read.UtcTicks);
        Assert.Equal(TimeSpan.Zero, read.Offset);
    }

    [Theory]
    [InlineData("2026-12-31T23:59:60Z")] // a leap second: the pattern allows it, .NET does not
    [InlineData("2026-11-31T09:00:00Z")] // the pattern allows day 31 of any month
    [InlineData("2026-02-29T09:00:00Z")]
    [InlineData("2026-01-05T09:00:00.12345678Z")] // more fraction digits than a tick holds
    [InlineData("2026-01-05T09:00:00.Z")]
    [InlineData("2026-01-05T09:00:00+14:01")]
    [InlineData("2026-01-05T09:00:00+15:00")]
    [InlineData("2026-01-05T09:00:00+05:60")]
    [InlineData("2026-01-05T09:00:00z")]
    [InlineData("2026-01-05T24:00:00Z")]
    [InlineData("2026-01-05T09:60:00Z")]
    [InlineData("2026-13-05T09:00:00Z")]
    [InlineData("2026-00-05T09:00:00Z")]
    [InlineData("2026-01-00T09:00:00Z")]
    [InlineData("0001-01-01T00:00:00Z")] // years near the ends of what a DateTimeOffset holds
    [InlineData("9999-12-31T23:59:59-01:00")]
    [InlineData("2026-01-05T09:00:00")] // no zone
    [InlineData("2026-01-05T09:00:00Z ")]
    [InlineData("2026-01-05T09:00:00+0100")]
    [InlineData("2026-01-05 09:00:00Z")]
    [InlineData("2026-01-05")]
    [InlineData("２026-01-05T09:00:00Z")] // a full-width digit
    public void TryParseToUtc_WhenNotTheCommonShape_ThenLeavesItToTheGeneralPath(string text)
    {
        Assert.False(FhirDateTimeText.TryParseToUtc(text, out _));
    }

    [Fact]
    public void TryParseToUtc_WhenAnyOneCharacterOfValidTextsChanges_ThenNeverAcceptsWhatThePatternOrDotNetRefuse()
    {
        var bases = new[] { "2026-01-05T09:00:00Z", "2026-01-05T09:00:00.1234567+13:59", "2024-02-29T23:59:59-14:00", "2026-10-31T00:00:00.5-00:00" };
        const string alphabet = "0123456789-:.TZ+ z5";
        var accepted = 0;
        foreach (var text in bases)
            for (var at = 0; at <= text.Length; at++)
                foreach (var c in alphabet)
                    foreach (var variant in new[] { text[..at] + c + text[at..], at < text.Length ? text[..at] + c + text[(at + 1)..] : text, at < text.Length ? text[..at] + text[(at + 1)..] : text })
                    {
                        if (!FhirDateTimeText.TryParseToUtc(variant, out var read)) continue;
                        accepted++;
                        Assert.Matches(R4DateTime, variant);
                        Assert.True(DateTimeOffset.TryParseExact(variant, ParseFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var expected), variant);
                        Assert.Equal(expected.UtcTicks, read.UtcTicks);
                    }
        Assert.True(accepted > 100, $"only {accepted} variants accepted: the fast path is not taken");
    }

    [Fact]
    public void FormatUtc_WhenAnyInstant_ThenTheTextOfDotNetsFractionPattern()
    {
        var random = new Random(20261206);
        Span<char> text = stackalloc char[FhirValues.DateTimeChars];
        for (var i = 0; i < 20_000; i++)
        {
            var ticks = random.NextInt64(DateTime.MinValue.AddDays(2).Ticks, DateTime.MaxValue.AddDays(-2).Ticks);
            if (i % 3 == 0) ticks -= ticks % TimeSpan.TicksPerSecond; // whole seconds: no fraction at all
            else if (i % 3 == 1) ticks -= ticks % 10_000; // milliseconds: trailing zeros left out
            var when = new DateTimeOffset(ticks, TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1)));
            if (when.UtcDateTime.Year is < 1 or > 9999) continue;

            var written = FhirDateTimeText.FormatUtc(when, text);

            Assert.Equal(when.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture), text[..written].ToString());
        }
    }
}
