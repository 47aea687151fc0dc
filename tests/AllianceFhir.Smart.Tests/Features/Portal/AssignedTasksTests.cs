using AllianceFhir.Core.Catalogue;
using AllianceFhir.Smart.Features.Portal;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using FhirTask = Hl7.Fhir.Model.Task;

namespace AllianceFhir.Smart.Tests.Features.Portal;

public class AssignedTasksTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly PortalUser Client = new("Patient", "pat-1");
    private static readonly InstrumentCatalogue Catalogue = new(new[] { "phq-9", "gad-7" }.Select(Load));

    private static Questionnaire Load(string id) =>
        new FhirJsonDeserializer().Deserialize<Questionnaire>(
            File.ReadAllText(AllianceFhir.Testing.FhirServer.RepositoryRoot.Combine("profiles", $"Questionnaire-{id}.json")));

    private static FhirTask Task(string id = "t1", FhirTask.TaskStatus status = FhirTask.TaskStatus.Requested, string owner = "Patient/pat-1",
        string patient = "Patient/pat-1", string code = "complete-questionnaire", string canonical = "https://alliancefhir.org/fhir/Questionnaire/phq-9|1.0.0",
        string? start = null, string? end = null) => new()
    {
        Id = id,
        Status = status,
        Intent = FhirTask.TaskIntent.Order,
        Code = new CodeableConcept(AssignedTasks.SdcTaskCodeSystem, code),
        For = new ResourceReference(patient),
        Owner = new ResourceReference(owner),
        Restriction = start is null && end is null ? null : new FhirTask.RestrictionComponent { Period = new Period(start is null ? null : new FhirDateTime(start), end is null ? null : new FhirDateTime(end)) },
        Input = [new FhirTask.ParameterComponent { Type = new CodeableConcept(AssignedTasks.SdcTaskCodeSystem, "questionnaire"), Value = new Canonical(canonical) }],
    };

    [Fact]
    public void Select_WhenOpenTaskForTheUser_ThenListedWithItsInstrument()
    {
        var listed = AssignedTasks.Select([Task(end: "2026-12-10T00:00:00Z")], "pat-1", Client, Now, Catalogue);

        var only = Assert.Single(listed);
        Assert.Equal(("t1", "phq-9", "requested"), (only.TaskId, only.InstrumentId, only.Status));
        Assert.Equal(new DateTimeOffset(2026, 12, 10, 0, 0, 0, TimeSpan.Zero), only.DueBy);
    }

    public static TheoryData<string, FhirTask> NotOpen => new()
    {
        { "completed", Task(status: FhirTask.TaskStatus.Completed) },
        { "cancelled", Task(status: FhirTask.TaskStatus.Cancelled) },
        { "another owner (the carer's)", Task(owner: "RelatedPerson/rp-1") },
        { "another patient", Task(patient: "Patient/pat-2") },
        { "not a questionnaire task", Task(code: "fulfill") },
        { "not yet open", Task(start: "2026-12-07T00:00:00Z") },
        { "expired", Task(end: "2026-12-06T11:59:59Z") },
        { "questionnaire not in the catalogue", Task(canonical: "https://example.org/Questionnaire/other") },
    };

    [Theory]
    [MemberData(nameof(NotOpen))]
    public void Select_WhenTaskIsNotAnOpenAssignmentToTheUser_ThenNotListed(string why, FhirTask task)
    {
        Assert.True(AssignedTasks.Select([task], "pat-1", Client, Now, Catalogue).Count == 0, why);
    }

    [Fact]
    public void Select_WhenSeveral_ThenSoonestDueFirstAndUndatedLast()
    {
        var listed = AssignedTasks.Select([Task("late", end: "2026-12-20"), Task("none", FhirTask.TaskStatus.InProgress), Task("soon", FhirTask.TaskStatus.Ready, end: "2026-12-08")],
            "pat-1", Client, Now, Catalogue);

        Assert.Equal(["soon", "late", "none"], listed.Select(a => a.TaskId));
    }

    [Theory]
    [InlineData("http://ehr.example/fhir/Patient/pat-1", "Patient", "pat-1")]
    [InlineData("RelatedPerson/rp-1", "RelatedPerson", "rp-1")]
    public void PortalUser_WhenFhirUserIsPatientOrRelatedPerson_ThenParsed(string fhirUser, string type, string id)
    {
        Assert.Equal(new PortalUser(type, id), PortalUser.From(fhirUser));
    }

    [Theory]
    [InlineData("http://ehr.example/fhir/Practitioner/p1")]
    [InlineData(null)]
    [InlineData("Patient/")]
    [InlineData("Patient/a?b=c")]
    public void PortalUser_WhenFhirUserIsAClinicianOrMalformed_ThenNull(string? fhirUser)
    {
        Assert.Null(PortalUser.From(fhirUser));
    }
}
