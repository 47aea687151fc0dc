using System.Text.Json;
using AllianceFhir.Samples.Responses;

namespace AllianceFhir.Samples.Fhir;

/// <summary>Serialises a <see cref="QrDocument"/> as a FHIR R4 QuestionnaireResponse.</summary>
internal static class QuestionnaireResponseJson
{
    public static void Write(Utf8JsonWriter w, QrDocument doc)
    {
        w.WriteStartObject();
        w.WriteString("resourceType", "QuestionnaireResponse");
        w.WriteString("id", doc.Id);
        w.WriteString("questionnaire", doc.Questionnaire);
        w.WriteString("status", doc.Status);
        if (doc.Subject is not null)
        {
            JsonParts.Reference(w, "subject", doc.Subject);
        }

        w.WriteString("authored", FhirFormat.DateTime(doc.Authored));
        if (doc.Author is not null)
        {
            JsonParts.Reference(w, "author", doc.Author);
        }

        w.WriteStartArray("item");
        foreach (var item in doc.Items)
        {
            WriteItem(w, item);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteItem(Utf8JsonWriter w, QrItem item)
    {
        w.WriteStartObject();
        w.WriteString("linkId", item.LinkId);
        if (item.Text is not null)
        {
            w.WriteString("text", item.Text);
        }

        w.WriteStartArray("answer");
        w.WriteStartObject();
        var a = item.Answer;
        switch (a.Kind)
        {
            case AnswerKind.Coding:
                w.WritePropertyName("valueCoding");
                JsonParts.Coding(w, a.System!, a.Code!, a.Display);
                break;
            case AnswerKind.Decimal:
                w.WriteNumber("valueDecimal", a.Number);
                break;
            case AnswerKind.Integer:
                w.WriteNumber("valueInteger", (int)a.Number);
                break;
            default:
                w.WriteString("valueString", a.Display);
                break;
        }

        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
