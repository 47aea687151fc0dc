using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Smart.Features.Portal;

/// <summary>
/// <c>Smart:Portal</c> on start: the safety message is present and of readable length; each contact has a name and a
/// number or an https address; numbers hold only what is dialled. Errors name their keys.
/// </summary>
public sealed partial class PortalOptionsValidator : IValidateOptions<PortalOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SafetyMessage) || options.SafetyMessage.Length > 2000)
            errors.Add($"{PortalOptions.Section}:SafetyMessage is required, at most 2000 characters: the client reads it after a self-harm answer");
        if (string.IsNullOrWhiteSpace(options.AlertNotWrittenMessage) || options.AlertNotWrittenMessage.Length > 2000)
            errors.Add($"{PortalOptions.Section}:AlertNotWrittenMessage is required, at most 2000 characters");
        for (var i = 0; i < options.SafetyContacts.Count; i++)
        {
            var c = options.SafetyContacts[i];
            var at = $"{PortalOptions.Section}:SafetyContacts:{i}";
            if (string.IsNullOrWhiteSpace(c.Name) || c.Name.Length > 200) errors.Add($"{at}:Name is required, at most 200 characters");
            if (c.Phone is null && c.Url is null) errors.Add($"{at} needs a Phone or a Url: a contact the client cannot reach helps no one");
            if (c.Phone is not null && (!PhoneShape().IsMatch(c.Phone) || c.Phone.Count(char.IsAsciiDigit) is < 2 or > 20))
                errors.Add($"{at}:Phone must be a number as dialled (digits, spaces, +, -, parentheses; 2 to 20 digits)");
            if (c.Url is not null && (!c.Url.IsAbsoluteUri || c.Url.Scheme != Uri.UriSchemeHttps))
                errors.Add($"{at}:Url must be an absolute https address");
            if (c.Hours is { Length: > 100 }) errors.Add($"{at}:Hours must be at most 100 characters");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // 2–20 digits (short codes such as 111 or 999 are real numbers; the ITU E.164 maximum is 15 digits plus extensions).
    [GeneratedRegex(@"^\+?[0-9 ()\-]{2,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneShape();
}
