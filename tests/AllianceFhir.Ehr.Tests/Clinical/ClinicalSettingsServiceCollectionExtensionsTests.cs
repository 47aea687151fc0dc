using AllianceFhir.Core.Trajectories;
using AllianceFhir.Ehr.Clinical;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Ehr.Tests.Clinical;

public sealed class ClinicalSettingsServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddClinicalSettings();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddClinicalSettings_WhenTrajectoriesConfigured_ThenTheBoundValuesAreWhatHostsResolve()
    {
        using var provider = Build(new()
        {
            ["Trajectories:ExpectedImprovementPerLogSession"] = "0.25",
            ["Trajectories:ReliableChange"] = "JacobsonTruax",
            ["Trajectories:NotOnTrackFromSession"] = "4",
        });

        var settings = provider.GetRequiredService<TrajectorySettings>();

        Assert.Equal(0.25m, settings.ExpectedImprovementPerLogSession);
        Assert.Equal(ReliableChangeMethod.JacobsonTruax, settings.ReliableChange);
        Assert.Equal(4, settings.NotOnTrackFromSession);
        Assert.Equal(0.5m, settings.ResponseReduction); // unset keys keep their sourced defaults
    }

    [Theory]
    [InlineData("Trajectories:ResponseReduction", "0", "ResponseReduction")]
    [InlineData("Trajectories:ResponseReduction", "50", "ResponseReduction")]
    [InlineData("Trajectories:ExpectedImprovementPerLogSession", "-0.1", "ExpectedImprovementPerLogSession")]
    [InlineData("Trajectories:NotOnTrackToleranceFraction", "-1", "NotOnTrackToleranceFraction")]
    [InlineData("Trajectories:NotOnTrackFromSession", "1", "NotOnTrackFromSession")]
    [InlineData("Trajectories:PairedDepressionInstrument", " ", "PairedDepressionInstrument")]
    public void AddClinicalSettings_WhenASettingNoClinicCouldMean_ThenRefusedNamingTheKey(string key, string value, string named)
    {
        using var provider = Build(new() { [key] = value });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<TrajectorySettings>());

        Assert.Contains($"Trajectories:{named}", e.Message);
    }
}
