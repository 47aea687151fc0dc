using AllianceFhir.Service.Plans;

namespace AllianceFhir.Service.Tests.Plans;

public sealed class MeasurementPlansOptionsValidatorTests
{
    [Fact]
    public void Validate_WhenEnabledWithoutRequesterAndAMeasureIsWrong_ThenEachMessageNamesItsKey()
    {
        var options = new MeasurementPlansOptions
        {
            Enabled = true,
            Cron = "every hour",
            Programmes = { ["young-people"] = new ProgrammePlanOptions { Measures = [new MeasureOptions { Questionnaire = "phq-a", EveryDays = 0 }] } },
        };
        var failures = new MeasurementPlansOptionsValidator().Validate(null, options).Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("MeasurementPlans:Cron 'every hour'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MeasurementPlans:Requester must be set", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MeasurementPlans:DefaultProgramme 'talking-therapies' is not one of", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MeasurementPlans:Programmes:young-people:Measures:0:Questionnaire 'phq-a'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MeasurementPlans:Programmes:young-people:Measures:0:EveryDays '0'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_WhenTheDefaultsAreLeftAlone_ThenTheyPassAndPlanPhq9Gad7AndSrsEverySession()
    {
        var options = new MeasurementPlansOptions();
        Assert.True(new MeasurementPlansOptionsValidator().Validate(null, options).Succeeded);
        var measures = options.EffectiveProgrammes()[DefaultPlans.TalkingTherapies].Measures;
        Assert.Equal(["phq-9", "gad-7", "srs"], measures.Select(m => m.Questionnaire.Split('/').Last()));
        Assert.All(measures, m => Assert.Null(m.EveryDays));
    }
}
