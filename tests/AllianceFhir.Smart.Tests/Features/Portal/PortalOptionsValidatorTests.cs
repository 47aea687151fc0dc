using AllianceFhir.Smart.Features.Portal;

namespace AllianceFhir.Smart.Tests.Features.Portal;

public class PortalOptionsValidatorTests
{
    private static IEnumerable<string> Errors(PortalOptions options) => new PortalOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void Validate_WhenDefaults_ThenValidAndScoresOffAndNoNumberInvented()
    {
        var options = new PortalOptions();

        Assert.Empty(Errors(options));
        Assert.False(options.ShowScoresToClient);
        Assert.Empty(options.SafetyContacts);
        Assert.DoesNotMatch(@"\d{3}", options.SafetyMessage);
    }

    [Theory]
    [InlineData("", null, "https://example.org/crisis", "Name is required")]
    [InlineData("Crisis line", null, null, "needs a Phone or a Url")]
    [InlineData("Crisis line", "call us", null, "Phone must be a number")]
    [InlineData("Crisis line", "1", null, "Phone must be a number")]
    [InlineData("Crisis line", null, "http://example.org/crisis", "absolute https")]
    public void Validate_WhenContactIsUnusable_ThenFailsNamingTheKey(string name, string? phone, string? url, string expected)
    {
        var options = new PortalOptions { SafetyContacts = [new SafetyContact { Name = name, Phone = phone, Url = url is null ? null : new Uri(url) }] };

        var error = Assert.Single(Errors(options));
        Assert.Contains("Smart:Portal:SafetyContacts:0", error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Validate_WhenSafetyMessageEmpty_ThenFails()
    {
        Assert.Contains(Errors(new PortalOptions { SafetyMessage = " " }), e => e.StartsWith("Smart:Portal:SafetyMessage", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("111")]
    [InlineData("+44 (0)20 7946 0000")]
    public void Validate_WhenPhoneAsDialled_ThenValid(string phone)
    {
        Assert.Empty(Errors(new PortalOptions { SafetyContacts = [new SafetyContact { Name = "Line", Phone = phone }] }));
    }
}
