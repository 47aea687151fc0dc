using AllianceFhir.Sandbox.Proxy.Compartment;

namespace AllianceFhir.Sandbox.Tests.Proxy.Compartment;

/// <summary>The definition read from the R4 specification.zip (expected values from hl7.org/fhir/R4/compartmentdefinition-patient.html).</summary>
public sealed class PatientCompartmentDefinitionTests
{
    private static readonly PatientCompartmentDefinition Definition = PatientCompartmentDefinition.R4;

    [Fact]
    public void R4_WhenLoadedFromTheSpecification_ThenEveryResourceTypeIsListed()
    {
        Assert.Equal("4.0.1", Definition.Version);
        Assert.Equal(145, Definition.ResourceTypes.Count);
    }

    [Theory]
    [InlineData("Observation", "subject,performer", "subject;performer")]
    [InlineData("QuestionnaireResponse", "subject,author", "subject;author")]
    [InlineData("Communication", "subject,sender,recipient", "subject;sender;recipient")]
    [InlineData("Flag", "patient", "subject")]
    [InlineData("Provenance", "patient", "target")]
    [InlineData("Appointment", "actor", "participant.actor")]
    [InlineData("CareTeam", "patient,participant", "subject;participant.member")]
    [InlineData("AuditEvent", "patient", "agent.who;entity.what")]
    public void Paths_WhenTypeIsInTheCompartment_ThenItsParametersMapToTheirElements(string type, string parameters, string paths)
    {
        Assert.Equal(parameters.Split(','), Definition.Params(type));
        Assert.Equal(paths.Split(';'), Definition.Paths(type).Select(p => string.Join('.', p)));
    }

    [Fact]
    public void Paths_WhenTaskWhichR4LeavesOutHasAPatientParameter_ThenItsForElementPutsItInTheCompartment()
    {
        Assert.Equal(["patient"], Definition.Params("Task"));
        Assert.Equal(["for"], Definition.Paths("Task").Select(p => string.Join('.', p)));
    }

    [Theory]
    [InlineData("Questionnaire")]
    [InlineData("Practitioner")]
    [InlineData("Organization")]
    public void IsPatientData_WhenTypeHasNoCompartmentParameter_ThenFalse(string type)
    {
        Assert.False(Definition.IsPatientData(type));
    }
}
