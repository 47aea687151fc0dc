using System.Globalization;
using System.Text.Json;
using AllianceFhir.Core.Catalogue;
using Hl7.Fhir.Model;

namespace AllianceFhir.Smart.Features.Ehr;

/// <summary>
/// Reads the parts of a QuestionnaireResponse that scoring uses (id, questionnaire, status, subject, author, authored,
/// items and answers with their ordinalValue) straight from JSON. Hand-written on purpose: Firely's deserializer took
/// 300–800 ms for a 100-session patient's 300 responses (780 KB) on the 2-core machine, System.Text.Json takes a few;
/// the dashboard has a 50 ms budget (bench: <c>smart</c>). Anything unusual falls back to Firely for that entry, and
/// Core's scorer still validates every answer against the catalogue.
/// </summary>
public static class ResponseJson
{
    public static QuestionnaireResponse? TryRead(JsonElement json)
    {
        try
        {
            var qr = new QuestionnaireResponse
            {
                Id = Str(json, "id"),
                Questionnaire = Str(json, "questionnaire"),
                Status = Str(json, "status") switch
                {
                    "completed" => QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
                    "amended" => QuestionnaireResponse.QuestionnaireResponseStatus.Amended,
                    "in-progress" => QuestionnaireResponse.QuestionnaireResponseStatus.InProgress,
                    "stopped" => QuestionnaireResponse.QuestionnaireResponseStatus.Stopped,
                    "entered-in-error" => QuestionnaireResponse.QuestionnaireResponseStatus.EnteredInError,
                    _ => null,
                },
                Subject = Ref(json, "subject"),
                Author = Ref(json, "author"),
                Encounter = Ref(json, "encounter"),
                AuthoredElement = Str(json, "authored") is { } authored ? new FhirDateTime(authored) : null,
            };
            if (json.TryGetProperty("meta", out var meta) && Str(meta, "versionId") is { } version) qr.Meta = new Meta { VersionId = version };
            if (json.TryGetProperty("item", out var items)) qr.Item = Items(items).ToList();
            return qr;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static IEnumerable<QuestionnaireResponse.ItemComponent> Items(JsonElement items)
    {
        foreach (var item in items.EnumerateArray())
        {
            var component = new QuestionnaireResponse.ItemComponent { LinkId = Str(item, "linkId"), Text = Str(item, "text") };
            if (item.TryGetProperty("answer", out var answers))
                foreach (var answer in answers.EnumerateArray())
                {
                    var a = new QuestionnaireResponse.AnswerComponent { Value = Value(answer) };
                    if (answer.TryGetProperty("item", out var nested)) a.Item = Items(nested).ToList();
                    component.Answer.Add(a);
                }
            if (item.TryGetProperty("item", out var children)) component.Item = Items(children).ToList();
            yield return component;
        }
    }

    private static DataType? Value(JsonElement answer)
    {
        foreach (var property in answer.EnumerateObject())
        {
            switch (property.Name)
            {
                case "valueCoding":
                    var coding = new Coding(Str(property.Value, "system"), Str(property.Value, "code"), Str(property.Value, "display"));
                    if (property.Value.TryGetProperty("extension", out var extensions))
                        foreach (var ext in extensions.EnumerateArray())
                            if (Str(ext, "url") == CanonicalUrls.OrdinalValue && ext.TryGetProperty("valueDecimal", out var ordinal))
                                coding.Extension.Add(new Extension(CanonicalUrls.OrdinalValue, new FhirDecimal(ordinal.GetDecimal())));
                    return coding;
                case "valueDecimal": return new FhirDecimal(property.Value.GetDecimal());
                case "valueInteger": return new Integer(property.Value.GetInt32());
                case "valueString": return new FhirString(property.Value.GetString());
                case "valueBoolean": return new FhirBoolean(property.Value.GetBoolean());
                case "valueDate": return new Date(property.Value.GetString());
                case "valueDateTime": return new FhirDateTime(property.Value.GetString());
                case "valueQuantity":
                    return new Quantity { Value = property.Value.TryGetProperty("value", out var v) ? v.GetDecimal() : null, Unit = Str(property.Value, "unit") };
                default:
                    if (property.Name.StartsWith("value", StringComparison.Ordinal)) throw new FormatException($"answer type {property.Name} is read by Firely");
                    break;
            }
        }
        return null;
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) ? p.ValueKind switch
        {
            JsonValueKind.String => p.GetString(),
            JsonValueKind.Number => p.GetRawText(),
            _ => throw new FormatException($"{name} is not a string"),
        } : null;

    private static ResourceReference? Ref(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Object ? new ResourceReference(Str(p, "reference")) { Display = Str(p, "display") } : null;

    /// <summary>True when the Observation is one of ours derived from a response already read (ScoreSeries would drop it anyway).</summary>
    public static bool IsOurScoreOf(JsonElement observation, IReadOnlySet<string> responseIds)
    {
        if (!observation.TryGetProperty("identifier", out var ids) || ids.ValueKind != JsonValueKind.Array) return false;
        if (!ids.EnumerateArray().Any(i => Str(i, "system") == CanonicalUrls.ScoreIdentifierSystem)) return false;
        if (!observation.TryGetProperty("derivedFrom", out var from) || from.ValueKind != JsonValueKind.Array) return false;
        foreach (var d in from.EnumerateArray())
        {
            var reference = Str(d, "reference");
            var at = reference?.LastIndexOf("QuestionnaireResponse/", StringComparison.Ordinal) ?? -1;
            if (at < 0) continue;
            var id = reference![(at + "QuestionnaireResponse/".Length)..].Split('/')[0];
            if (responseIds.Contains(id)) return true;
        }
        return false;
    }

    public static string Describe(JsonElement e) => string.Create(CultureInfo.InvariantCulture, $"{Str(e, "resourceType")}/{Str(e, "id")}");
}
