using System.Text.RegularExpressions;
using AllianceFhir.Service.Hosting;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Plans;

/// <summary>Checks <see cref="MeasurementPlansOptions"/> (section <c>MeasurementPlans</c>) at start, naming the key that is wrong.</summary>
public sealed partial class MeasurementPlansOptionsValidator : IValidateOptions<MeasurementPlansOptions>
{
    private const string S = MeasurementPlansOptions.Section;

    public ValidateOptionsResult Validate(string? name, MeasurementPlansOptions o)
    {
        var errors = new List<string>();
        if (CronSetting.Problem(o.Cron) is { } cron)
            errors.Add($"{S}:{nameof(o.Cron)} '{o.Cron}' is not a cron expression: {cron}");
        if (o.Enabled && o.Requester is null)
            errors.Add($"{S}:{nameof(o.Requester)} must be set when {S}:{nameof(o.Enabled)} is true (SDC requires a Task's requester), e.g. Organization/clinic");
        if (o.Requester is { } requester && !Requester().IsMatch(requester))
            errors.Add($"{S}:{nameof(o.Requester)} '{requester}' must be an Organization/, Practitioner/, PractitionerRole/ or Device/ reference");
        if (o.SessionLeadTime < TimeSpan.FromHours(1) || o.SessionLeadTime > TimeSpan.FromDays(14))
            errors.Add($"{S}:{nameof(o.SessionLeadTime)} '{o.SessionLeadTime}' must be between 01:00:00 and 14.00:00:00");
        if (o.ReminderBefore is { } reminder && (reminder <= TimeSpan.Zero || reminder > TimeSpan.FromDays(30)))
            errors.Add($"{S}:{nameof(o.ReminderBefore)} '{reminder}' must be more than zero and at most 30.00:00:00 (leave it empty for no reminders)");
        var programmes = o.EffectiveProgrammes();
        if (!programmes.ContainsKey(o.DefaultProgramme))
            errors.Add($"{S}:{nameof(o.DefaultProgramme)} '{o.DefaultProgramme}' is not one of {S}:Programmes ({string.Join(", ", programmes.Keys)})");
        foreach (var (programme, plan) in programmes)
            for (var i = 0; i < plan.Measures.Count; i++)
            {
                var m = plan.Measures[i];
                var key = $"{S}:Programmes:{programme}:Measures:{i}";
                if (!Uri.TryCreate(m.Questionnaire, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                    errors.Add($"{key}:{nameof(m.Questionnaire)} '{m.Questionnaire}' must be a Questionnaire's canonical URL (http or https)");
                if (m.EveryDays is < 1 or > 366)
                    errors.Add($"{key}:{nameof(m.EveryDays)} '{m.EveryDays}' must be 1–366 (or empty for every session)");
                if (m.Timing is { } t && !Enum.IsDefined(t))
                    errors.Add($"{key}:{nameof(m.Timing)} must be BeforeSession or AfterSession");
                if (m.Ages.Any(a => !Enum.IsDefined(a)))
                    errors.Add($"{key}:{nameof(m.Ages)} may hold Age14To17, Age18To24 and Adult25Plus");
                if (!Enum.IsDefined(m.Informant))
                    errors.Add($"{key}:{nameof(m.Informant)} must be Self or Caregiver");
            }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex(@"^(Organization|Practitioner|PractitionerRole|Device)/[A-Za-z0-9\-\.]{1,64}$")]
    private static partial Regex Requester();
}
