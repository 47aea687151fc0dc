using AllianceFhir.Core.Trajectories;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Ehr.Clinical;

/// <summary>Refuses, at start, trajectory settings no clinic could mean (a typo must not silence not-on-track alerts).</summary>
public sealed class TrajectorySettingsValidator : IValidateOptions<TrajectorySettings>
{
    private const string S = ClinicalSettingsServiceCollectionExtensions.TrajectoriesSection;

    public ValidateOptionsResult Validate(string? name, TrajectorySettings o)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(o.ReliableChange))
            errors.Add($"{S}:{nameof(o.ReliableChange)} must be FixedThreshold or JacobsonTruax");
        if (o.ResponseReduction is <= 0m or > 1m)
            errors.Add($"{S}:{nameof(o.ResponseReduction)} must be a fraction above 0 and at most 1 (0.5 = a 50% reduction)");
        if (o.ExpectedImprovementPerLogSession is < 0m or >= 1m)
            errors.Add($"{S}:{nameof(o.ExpectedImprovementPerLogSession)} must be at least 0 and below 1");
        if (o.NotOnTrackToleranceFraction < 0m)
            errors.Add($"{S}:{nameof(o.NotOnTrackToleranceFraction)} must not be negative");
        if (o.NotOnTrackFromSession < 2)
            errors.Add($"{S}:{nameof(o.NotOnTrackFromSession)} must be 2 or more (session 1 is the baseline)");
        if (string.IsNullOrWhiteSpace(o.PairedDepressionInstrument) || string.IsNullOrWhiteSpace(o.PairedAnxietyInstrument))
            errors.Add($"{S}:{nameof(o.PairedDepressionInstrument)} and {nameof(o.PairedAnxietyInstrument)} must name catalogue instruments");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
