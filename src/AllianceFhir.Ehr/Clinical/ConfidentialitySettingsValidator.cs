using System.Text.RegularExpressions;
using AllianceFhir.Core.Confidentiality;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Ehr.Clinical;

/// <summary>Refuses, at start, labels no EHR could read (a typo must not silently leave young people's answers unlabelled).</summary>
public sealed partial class ConfidentialitySettingsValidator : IValidateOptions<ConfidentialitySettings>
{
    private const string S = ClinicalSettingsServiceCollectionExtensions.ConfidentialitySection;

    /// <summary>The v3-Confidentiality codes (HL7 terminology): U, L, M, N, R, V.</summary>
    private static readonly string[] ConfidentialityCodes = ["U", "L", "M", "N", "R", "V"];

    public ValidateOptionsResult Validate(string? name, ConfidentialitySettings o)
    {
        var errors = new List<string>();
        if (o.YoungPersonAgeLimit is < 0 or > 30)
            errors.Add($"{S}:{nameof(o.YoungPersonAgeLimit)} must be between 0 (off) and 30 years");
        if (!string.IsNullOrWhiteSpace(o.Confidentiality) && !ConfidentialityCodes.Contains(o.Confidentiality.Trim()))
            errors.Add($"{S}:{nameof(o.Confidentiality)} '{o.Confidentiality}' is not a v3-Confidentiality code (U, L, M, N, R, V) or empty");
        foreach (var code in (o.Sensitivity ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (!CodePattern().IsMatch(code))
                errors.Add($"{S}:{nameof(o.Sensitivity)} '{code}' is not an ActCode sensitivity code (upper-case letters, e.g. MH, PSY)");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[A-Z][A-Z0-9]{1,15}$")]
    private static partial Regex CodePattern();
}
