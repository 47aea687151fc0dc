using System.Text;
using Microsoft.AspNetCore.Authentication;

namespace AllianceFhir.Smart.Launch;

/// <summary>
/// Why a sign-in failed, in the words that are safe to show and log: the EHR's <c>error</c> code (RFC 6749 §4.1.2.1,
/// §5.2) and a sanitised <c>error_description</c> (control and format characters removed, whitespace collapsed, at
/// most <see cref="MaxDescription"/> characters; pages HTML-encode it), or our own reason; whether the launch was
/// standalone (for the advice), and the scopes the launch asked for (for <c>invalid_scope</c>).
/// </summary>
internal sealed record SignInFailure(bool StateProblem, bool Standalone, string? Error, string? Description, string? Reason,
    IReadOnlyList<string> RequestedScopes, string? RelaunchUrl)
{
    public const int MaxDescription = 300;
    public const int MaxError = 64;

    public static SignInFailure From(Exception? failure, AuthenticationProperties? properties)
    {
        // A failure thrown while the ticket is made comes without the properties; the handler puts the launch kind on it.
        var items = properties?.Items ?? new Dictionary<string, string?>();
        var standalone = items.TryGetValue(SmartAuthenticationDefaults.StandaloneKey, out var s) ? s == "true" : failure?.Data[SmartAuthenticationDefaults.StandaloneKey] as string == "true";
        var iss = items.TryGetValue(SmartAuthenticationDefaults.IssKey, out var i) ? i : failure?.Data[SmartAuthenticationDefaults.IssKey] as string;
        var error = Code(failure?.Data["error"] as string);
        var message = failure?.Message ?? "";
        // The base handler's own words for a missing or foreign state ("The oauth state was missing or invalid.", "Correlation failed.").
        var stateProblem = error is null && ((properties is null && failure is not SmartLaunchException) || message.Contains("Correlation", StringComparison.OrdinalIgnoreCase)
                                             || message.Contains("oauth state", StringComparison.OrdinalIgnoreCase) || message.Contains("already used", StringComparison.OrdinalIgnoreCase));
        return new SignInFailure(
            stateProblem,
            standalone,
            error,
            error is null ? null : Text(failure?.Data["error_description"] as string, MaxDescription),
            failure is SmartLaunchException ? Text(message, MaxDescription) : null,
            items.TryGetValue(SmartAuthenticationDefaults.ScopeKey, out var scope) && scope is not null ? scope.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [],
            standalone && iss is not null ? $"{SmartAuthenticationDefaults.LaunchPath}?iss={Uri.EscapeDataString(iss)}" : null);
    }

    /// <summary>An OAuth error code: printable ASCII without quote or backslash (RFC 6749 §4.1.2.1), at most <see cref="MaxError"/> characters.</summary>
    public static string? Code(string? error)
    {
        if (string.IsNullOrWhiteSpace(error)) return null;
        var kept = new string(error.Trim().Where(c => c is >= '\x20' and <= '\x7e' and not '"' and not '\\').Take(MaxError).ToArray());
        return kept.Length == 0 ? null : kept;
    }

    /// <summary>Free text from the EHR made safe to show: no control or format characters (bidi overrides among them), whitespace collapsed, length-limited.</summary>
    public static string? Text(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var sb = new StringBuilder(Math.Min(text.Length, max + 1));
        var space = false;
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune) || category is System.Globalization.UnicodeCategory.Format
                    or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator)
            {
                space = sb.Length > 0;
                continue;
            }
            if (category is System.Globalization.UnicodeCategory.PrivateUse or System.Globalization.UnicodeCategory.OtherNotAssigned) continue;
            if (space) sb.Append(' ');
            space = false;
            sb.Append(rune.ToString());
            if (sb.Length >= max) return sb.ToString(0, max).TrimEnd() + "…";
        }
        return sb.Length == 0 ? null : sb.ToString();
    }
}
