using System.Globalization;
using AllianceFhir.Core.Resources;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Ehr.Profiles;
using AllianceFhir.Testing.FhirServer;
using AllianceFhir.Testing.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Service.Tests.Validation;

/// <summary>
/// The young people's pack (docs/domain.md §2) against Firely's validator over R4 and profiles/: each Questionnaire, with its
/// informant, intended-age and counterpart extensions checked against their StructureDefinitions, and the score Observations
/// the engine writes from a response to it (the CSRS total must come from the alliance-scores ValueSet, a required binding).
/// </summary>
public sealed class YoungPeoplesProfilesValidationTests
{
    private static readonly FhirJsonDeserializer Strict = new();

    public static TheoryData<string> Ids() => new("phq-a", "rcads-25", "rcads-p-25", "yp-core", "cors", "csrs");

    [Theory]
    [MemberData(nameof(Ids))]
    public void Questionnaire_WhenValidatedWithFirely_ThenValidAgainstR4AndTheProjectExtensions(string id)
    {
        var questionnaire = Strict.Deserialize<Questionnaire>(File.ReadAllText(RepositoryRoot.Combine("profiles", $"Questionnaire-{id}.json")));

        FirelyValidation.Instance.AssertValid(questionnaire, $"Questionnaire/{id}");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void ScoreObservations_WhenBuiltFromAResponse_ThenValidateAgainstTheScoreProfiles(string id)
    {
        var catalogue = ProfileDirectory.LoadCatalogue(RepositoryRoot.Combine("profiles"));
        var instrument = catalogue.FindById(id)!;
        var response = new QuestionnaireResponse
        {
            Id = "r1",
            Questionnaire = instrument.Url,
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            Subject = new ResourceReference("Patient/p1"),
            AuthoredElement = new FhirDateTime(new DateTimeOffset(2026, 12, 1, 16, 0, 0, TimeSpan.Zero)),
        };
        // Every scored item answered with its second-lowest answer (or a mark of 7.5 on a visual-analogue item).
        foreach (var item in instrument.Items.Where(i => i.IsScored))
            response.Item.Add(new QuestionnaireResponse.ItemComponent
            {
                LinkId = item.LinkId,
                Answer = [new QuestionnaireResponse.AnswerComponent
                {
                    Value = item.AnswerOptions.Count > 0
                        ? Coding(item.AnswerOptions.OrderBy(a => a.Ordinal).ElementAt(1).Coding)
                        : new FhirDecimal(7.5m),
                }],
            });

        var result = new ResponseScorer(catalogue).Score(response);

        Assert.False(result.IsRejected, string.Join("; ", result.Issues.Select(i => i.Message)));
        Assert.Equal(instrument.Scales.Count, result.Scores.Count);
        foreach (var score in result.Scores)
            FirelyValidation.Instance.AssertValid(ScoreObservationBuilder.Build(result, score, "QuestionnaireResponse/r1"),
                $"{id} {score.Scale.Key} = {score.Value.ToString(CultureInfo.InvariantCulture)}");
    }

    private static Coding Coding(AllianceFhir.Core.Catalogue.CodeRef code) => new(code.System, code.Code, code.Display);
}
