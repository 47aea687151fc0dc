using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Alerts;

/// <summary>Checks <see cref="AlertsOptions"/> (section <c>Alerts</c>) at start, naming the key that is wrong.</summary>
public sealed partial class AlertsOptionsValidator : IValidateOptions<AlertsOptions>
{
    private const string S = AlertsOptions.Section;

    public ValidateOptionsResult Validate(string? name, AlertsOptions o)
    {
        var errors = new List<string>();
        if (o.EscalationWindow < TimeSpan.FromMinutes(5) || o.EscalationWindow > TimeSpan.FromDays(7))
            errors.Add($"{S}:{nameof(o.EscalationWindow)} '{o.EscalationWindow}' must be between 00:05:00 and 7.00:00:00");
        if (o.EscalationRecipient is { } recipient && !Recipient().IsMatch(recipient))
            errors.Add($"{S}:{nameof(o.EscalationRecipient)} '{recipient}' must be a Practitioner/, PractitionerRole/, CareTeam/ or Organization/ reference (e.g. CareTeam/duty-team)");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex(@"^(Practitioner|PractitionerRole|CareTeam|Organization)/[A-Za-z0-9\-\.]{1,64}$")]
    private static partial Regex Recipient();
}
