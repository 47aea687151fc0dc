using Microsoft.Extensions.Options;

namespace AllianceFhir.Ehr.WriteBack;

/// <summary>
/// Checks <see cref="WriteBackOptions"/> at start, naming the key that is wrong under the section the host binds it
/// from (<c>WriteBack</c> in the service, <c>Smart:WriteBack</c> in the app).
/// </summary>
public sealed class WriteBackOptionsValidator(string section) : IValidateOptions<WriteBackOptions>
{
    public ValidateOptionsResult Validate(string? name, WriteBackOptions o)
    {
        var errors = new List<string>();
        if (o.AlertChannels.Count == 0)
            errors.Add($"{section}:{nameof(o.AlertChannels)} must list at least one channel (Flag, Task or Communication): a safety alert needs somewhere to go");
        foreach (var twice in o.AlertChannels.GroupBy(c => c).Where(g => g.Count() > 1))
            errors.Add($"{section}:{nameof(o.AlertChannels)} lists {twice.Key} more than once");
        if (o.BundleSize is < 1 or > 1000)
            errors.Add($"{section}:{nameof(o.BundleSize)} {o.BundleSize} must be 1–1000");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
