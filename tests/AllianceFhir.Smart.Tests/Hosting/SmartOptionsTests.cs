using AllianceFhir.Smart.Hosting;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Smart.Tests.Hosting;

public class SmartOptionsTests
{
    [Fact]
    public async Task Start_WhenSymmetricClientHasNoSecret_ThenRefusedNamingTheSetting()
    {
        var app = SmartAppHost.Build([], new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Smart:Ehrs:0:Iss"] = "https://ehr.example.org/fhir",
            ["Smart:Ehrs:0:ClientId"] = "c",
        });
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("Smart:Ehrs:0:ClientSecret is required", e.Message);
        await app.DisposeAsync();
    }

    [Theory]
    [InlineData("Symmetric", "Smart:Ehrs:0:ClientSecret is required")]
    [InlineData("PrivateKeyJwt", "Smart:Ehrs:0:PrivateKeyPath is required")]
    public void Validate_WhenClientTypeLacksItsCredential_ThenNamesIt(string type, string expected)
    {
        var o = new SmartOptions { Ehrs = [new SmartEhrOptions { Iss = new Uri("https://ehr/fhir"), ClientId = "c", ClientType = Enum.Parse<SmartClientType>(type) }] };
        var result = new SmartOptionsValidator().Validate(null, o);
        Assert.Contains(expected, result.FailureMessage);
    }

    [Fact]
    public void Validate_WhenPublicClientAndNoAllowList_ThenOnlyTheEmptyListIsAnError()
    {
        Assert.True(new SmartOptionsValidator().Validate(null, new SmartOptions
        {
            Ehrs = [new SmartEhrOptions { Iss = new Uri("https://ehr/fhir"), ClientId = "c", ClientType = SmartClientType.Public }],
        }).Succeeded);
        Assert.Contains("Smart:Ehrs is empty", new SmartOptionsValidator().Validate(null, new SmartOptions()).FailureMessage);
    }

    [Fact]
    public void Validate_WhenFrameAncestorsCouldInjectADirective_ThenRefused()
    {
        var o = new SmartOptions
        {
            Ehrs = [new SmartEhrOptions { Iss = new Uri("https://ehr/fhir"), ClientId = "c", ClientSecret = "s" }],
            FrameAncestors = "https://ehr.example.org; script-src *",
        };
        Assert.Contains("FrameAncestors", new SmartOptionsValidator().Validate(null, o).FailureMessage);
    }
}
