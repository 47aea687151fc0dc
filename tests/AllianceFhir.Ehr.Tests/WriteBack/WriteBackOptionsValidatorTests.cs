using AllianceFhir.Core.Alerts;
using AllianceFhir.Ehr.WriteBack;

namespace AllianceFhir.Ehr.Tests.WriteBack;

/// <summary>Write-back settings are checked at start, each message naming the key under the section its host binds.</summary>
public sealed class WriteBackOptionsValidatorTests
{
    [Fact]
    public void Validate_WhenTheDefaultsAreKept_ThenSucceeds()
    {
        Assert.True(new WriteBackOptionsValidator("WriteBack").Validate(null, new WriteBackOptions()).Succeeded);
    }

    [Fact]
    public void Validate_WhenNoAlertChannelIsListed_ThenFailsNamingTheAppsKey()
    {
        var result = new WriteBackOptionsValidator("Smart:WriteBack").Validate(null, new WriteBackOptions { AlertChannels = [] });

        Assert.StartsWith("Smart:WriteBack:AlertChannels must list at least one channel", Assert.Single(result.Failures!));
    }

    [Fact]
    public void Validate_WhenAChannelIsListedTwiceAndTheBundleIsTooLarge_ThenFailsNamingBothKeys()
    {
        var result = new WriteBackOptionsValidator("WriteBack").Validate(null,
            new WriteBackOptions { AlertChannels = [AlertChannel.Flag, AlertChannel.Flag], BundleSize = 5000 });

        Assert.Equal(["WriteBack:AlertChannels lists Flag more than once", "WriteBack:BundleSize 5000 must be 1–1000"], result.Failures);
    }
}
