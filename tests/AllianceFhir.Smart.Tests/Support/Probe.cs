using AllianceFhir.Smart.Session;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AllianceFhir.Smart.Tests.Support;

/// <summary>
/// A stand-in feature under <c>MapPatientApi()</c> (the real features live on another branch): GET reads the launch
/// patient from the EHR through the session's HttpClient, POST changes nothing.
/// </summary>
public static class Probe
{
    public static void Map(WebApplication app)
    {
        var group = app.MapPatientApi();
        group.MapGet("/probe", async (HttpContext http, string patientId) =>
        {
            using var response = await http.GetSmartSession().EhrHttpClient.GetAsync($"Patient/{patientId}");
            return Results.Ok(new { ehrStatus = (int)response.StatusCode });
        });
        group.MapPost("/probe", () => Results.Ok(new { posted = true }));
    }
}
