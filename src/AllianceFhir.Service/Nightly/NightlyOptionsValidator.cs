using AllianceFhir.Service.Hosting;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Nightly;

/// <summary>
/// Checks <see cref="NightlyOptions"/> (section <c>Jobs</c>) at start, naming the key that is wrong: a cron Hangfire
/// could not read, or a time zone this machine does not know, would otherwise fail only when the jobs are scheduled,
/// or never run the safety sweep at all.
/// </summary>
public sealed class NightlyOptionsValidator : IValidateOptions<NightlyOptions>
{
    private const string S = NightlyOptions.Section;

    public ValidateOptionsResult Validate(string? name, NightlyOptions o)
    {
        var errors = new List<string>();
        if (CronSetting.Problem(o.NightlyCron) is { } nightly)
            errors.Add($"{S}:{nameof(o.NightlyCron)} '{o.NightlyCron}' is not a cron expression: {nightly}");
        if (CronSetting.Problem(o.SafetySweepCron) is { } sweep)
            errors.Add($"{S}:{nameof(o.SafetySweepCron)} '{o.SafetySweepCron}' is not a cron expression: {sweep}");
        if (string.IsNullOrWhiteSpace(o.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _))
            errors.Add($"{S}:{nameof(o.TimeZone)} '{o.TimeZone}' is not a time zone this machine knows (an IANA id such as Europe/London, or UTC)");
        if (o.PatientsPerBatch is < 1 or > 100_000)
            errors.Add($"{S}:{nameof(o.PatientsPerBatch)} must be 1–100000");
        if (o.OverlapMinutes is < 0 or > 1440)
            errors.Add($"{S}:{nameof(o.OverlapMinutes)} must be 0–1440 minutes");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
