using Hl7.Fhir.Serialization;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Smart.Features.Catalogue;
using AllianceFhir.Smart.Features.Ehr;

namespace AllianceFhir.Smart.Features.Questionnaires;

/// <summary>
/// <c>GET /api/instruments</c> (the catalogue) and <c>GET /api/instruments/{id}/questionnaire</c> (the Questionnaire
/// with the site's licensed text pack applied, for LHC-Forms). Only for a launched session allowed to administer.
/// </summary>
public static class InstrumentEndpoints
{
    public sealed record InstrumentSummary(string Id, string Title, string Category, string Url, string? Version, bool LicensedText, bool PlaceholderText);

    public static IEndpointRouteBuilder MapInstruments(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/instruments").RequireFeature(SmartScopes.Administer);
        group.MapGet("/", (SmartCatalogue catalogue) => Results.Ok(catalogue.Catalogue.Instruments.Select(i => new InstrumentSummary(
            i.Id, i.Title, i.Category == InstrumentCategory.Symptom ? "symptom" : "alliance", i.Url, i.Version, i.LicensedText, catalogue.ShowsPlaceholders(i)))));
        group.MapGet("/{id}/questionnaire", (string id, SmartCatalogue catalogue) =>
            catalogue.ForDisplay(id) is { } questionnaire
                ? Results.Text(SessionEhr.Serializer.SerializeToString(questionnaire), SessionEhr.MediaType)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown instrument", detail: $"No instrument '{id}' in the catalogue."));
        return app;
    }
}
