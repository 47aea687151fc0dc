using AllianceFhir.Service.Alerts;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Service.Tests.Alerts;

/// <summary>A mistyped escalation setting stops the service at start with the key to fix (issue 11 §2: one validation style).</summary>
public sealed class AlertsOptionsValidatorTests
{
    private static ValidateOptionsResult Validate(AlertsOptions options) => new AlertsOptionsValidator().Validate(null, options);

    [Fact]
    public void Validate_WhenTheDefaultsAreKept_ThenSucceeds()
    {
        Assert.True(Validate(new AlertsOptions()).Succeeded);
    }

    [Theory]
    [InlineData("CareTeam/duty-team")]
    [InlineData("Practitioner/prac-north-1")]
    [InlineData("Organization/clinic.north")]
    public void Validate_WhenTheRecipientIsAReferenceAnEscalationCanBeAddressedTo_ThenSucceeds(string recipient)
    {
        Assert.True(Validate(new AlertsOptions { EscalationRecipient = recipient }).Succeeded);
    }

    [Theory]
    [InlineData("duty-team")]
    [InlineData("Patient/pat-1")]
    [InlineData("https://ehr.example.org/fhir/CareTeam/1")]
    public void Validate_WhenTheRecipientIsNotSuchAReference_ThenFailsNamingAlertsEscalationRecipient(string recipient)
    {
        var message = Assert.Single(Validate(new AlertsOptions { EscalationRecipient = recipient }).Failures!);

        Assert.StartsWith($"Alerts:EscalationRecipient '{recipient}'", message);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(8 * 24, 0)]
    public void Validate_WhenTheWindowIsOutsideFiveMinutesToSevenDays_ThenFailsNamingAlertsEscalationWindow(int hours, int minutes)
    {
        var message = Assert.Single(Validate(new AlertsOptions { EscalationWindow = new TimeSpan(hours, minutes, 0) }).Failures!);

        Assert.StartsWith("Alerts:EscalationWindow", message);
    }
}
