using System.Runtime.CompilerServices;

namespace AllianceFhir.Core.Resources;

/// <summary>
/// The one dateTime shape a form filler writes and the shape a score's dates are written in, read and written on the
/// characters (issue 12: in <c>score</c>'s profile the runtime's pattern formatter took about 2 %, its parser 1 %, and
/// the R4 dateTime and id regexes 3 %). Reading only vouches for text it fully understands and otherwise says no, so the caller
/// takes its general path (regex, then .NET's or Firely's parse), which decides as before.
/// </summary>
internal static class FhirDateTimeText
{
    private const long TicksPerSecond = TimeSpan.TicksPerSecond;

    /// <summary>Fraction digits a tick holds (and .NET's "FFFFFFF" reads): more go to the general path.</summary>
    private const int FractionDigits = 7;

    /// <summary>
    /// <paramref name="text"/> as an instant at offset zero when it is exactly <c>YYYY-MM-DDThh:mm:ss</c>, an optional
    /// fraction of one to seven digits, and <c>Z</c> or <c>±hh:mm</c>, within what the FHIR R4 dateTime pattern
    /// allows (hours 00–23, zones −14:00 to +14:00) and a real date and second (no day 31 of a 30-day month, no leap
    /// second); false for anything else, including text the pattern would allow. Years outside 1900–9000 also go to
    /// the general path, so no offset can take the instant past what a DateTimeOffset holds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseToUtc(ReadOnlySpan<char> text, out DateTimeOffset utc)
    {
        utc = default;
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') return false;
        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day) ||
            !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second)) return false;
        if (year is < 1900 or > 9000 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) ||
            hour > 23 || minute > 59 || second > 59) return false;

        var at = 19;
        long fraction = 0;
        if (text[at] == '.')
        {
            var digits = 0;
            while (++at < text.Length && char.IsAsciiDigit(text[at]))
            {
                if (++digits > FractionDigits) return false;
                fraction = fraction * 10 + (text[at] - '0');
            }
            if (digits == 0) return false;
            for (; digits < FractionDigits; digits++) fraction *= 10;
        }
        if (at >= text.Length) return false;

        int offsetMinutes;
        if (text[at] == 'Z' && at + 1 == text.Length) offsetMinutes = 0;
        else if ((text[at] == '+' || text[at] == '-') && at + 6 == text.Length && text[at + 3] == ':' &&
                 Digits(text, at + 1, 2, out var zoneHours) && Digits(text, at + 4, 2, out var zoneMinutes) &&
                 (zoneHours <= 13 && zoneMinutes <= 59 || zoneHours == 14 && zoneMinutes == 0))
            offsetMinutes = (text[at] == '-' ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
        else return false;

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fraction;
        utc = new DateTimeOffset(local - offsetMinutes * TimeSpan.TicksPerMinute, TimeSpan.Zero);
        return true;
    }

    /// <summary>
    /// <paramref name="when"/> at offset zero as .NET's <c>yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK</c> writes it (the fraction's
    /// trailing zeros left out, and its point when nothing is left; the zone as <c>+00:00</c>) into
    /// <paramref name="into"/>; returns the length. Years 1–9999 have four digits, as there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int FormatUtc(DateTimeOffset when, Span<char> into)
    {
        var utc = when.UtcDateTime;
        if (into.Length < 33) throw new ArgumentException("The buffer is too small for a dateTime", nameof(into));
        Write(into, 0, utc.Year, 4);
        into[4] = '-';
        Write(into, 5, utc.Month, 2);
        into[7] = '-';
        Write(into, 8, utc.Day, 2);
        into[10] = 'T';
        Write(into, 11, utc.Hour, 2);
        into[13] = ':';
        Write(into, 14, utc.Minute, 2);
        into[16] = ':';
        Write(into, 17, utc.Second, 2);
        var at = 19;
        var fraction = (int)(utc.Ticks % TicksPerSecond);
        if (fraction != 0)
        {
            var digits = FractionDigits;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }
            into[at++] = '.';
            Write(into, at, fraction, digits);
            at += digits;
        }
        "+00:00".CopyTo(into[at..]);
        return at + 6;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Digits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var c = text[i];
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Write(Span<char> into, int start, int value, int digits)
    {
        for (var i = start + digits - 1; i >= start; i--)
        {
            into[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }
}
