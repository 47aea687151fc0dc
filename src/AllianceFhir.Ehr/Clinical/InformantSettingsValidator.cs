using AllianceFhir.Core.Informants;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Ehr.Clinical;

/// <summary>Refuses, at start, informant settings no clinic could mean.</summary>
public sealed class InformantSettingsValidator : IValidateOptions<InformantSettings>
{
    private const string S = ClinicalSettingsServiceCollectionExtensions.InformantsSection;

    public ValidateOptionsResult Validate(string? name, InformantSettings o)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(o.Method))
            errors.Add($"{S}:{nameof(o.Method)} must be SeverityBand or StandardizedDifference");
        if (o.DiscrepancyBands < 1)
            errors.Add($"{S}:{nameof(o.DiscrepancyBands)} must be 1 or more");
        if (o.DiscrepancyStandardDeviations <= 0m)
            errors.Add($"{S}:{nameof(o.DiscrepancyStandardDeviations)} must be above 0");
        if (o.PairingWindowDays < 0)
            errors.Add($"{S}:{nameof(o.PairingWindowDays)} must not be negative");
        for (var i = 0; i < o.Pairs.Count; i++)
            if (string.IsNullOrWhiteSpace(o.Pairs[i].Self) || string.IsNullOrWhiteSpace(o.Pairs[i].Caregiver))
                errors.Add($"{S}:{nameof(o.Pairs)}:{i} needs both Self and Caregiver (a catalogue id or Questionnaire canonical)");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
