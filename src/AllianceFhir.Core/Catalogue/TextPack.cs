using System.Text.Json;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Catalogue;

/// <summary>
/// A site's licensed wording for an instrument shipped as structure only (docs/adr/0001, profiles/README.md).
/// Applying it changes text and displays only: scores come from ordinal values, never from wording.
/// </summary>
public sealed record TextPack(
    string Questionnaire,
    string? Language,
    string? Licence,
    string? Title,
    IReadOnlyDictionary<string, string> Items,
    IReadOnlyDictionary<string, string> Answers)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Parses a text pack; <paramref name="source"/> names the file in error messages.</summary>
    public static TextPack Parse(string json, string source)
    {
        Dto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<Dto>(json, Json);
        }
        catch (JsonException e)
        {
            throw new CatalogueException($"text pack {source}: not valid JSON ({e.Message})");
        }
        if (dto is null || string.IsNullOrWhiteSpace(dto.Questionnaire))
            throw new CatalogueException($"text pack {source}: 'questionnaire' (the canonical URL it is for) is required");
        return new TextPack(dto.Questionnaire, dto.Language, dto.Licence, dto.Title,
            dto.Items ?? new Dictionary<string, string>(), dto.Answers ?? new Dictionary<string, string>());
    }

    /// <summary>A copy of the Questionnaire with the pack's wording; unknown linkIds or answer keys are an error naming them.</summary>
    public Questionnaire ApplyTo(Questionnaire questionnaire)
    {
        if (!string.Equals(questionnaire.Url, Questionnaire, StringComparison.Ordinal))
            throw new CatalogueException($"text pack for '{Questionnaire}' cannot be applied to '{questionnaire.Url}'");
        var copy = (Questionnaire)questionnaire.DeepCopy();
        var items = Flatten(copy.Item).Where(i => i.LinkId is not null).ToDictionary(i => i.LinkId!, StringComparer.Ordinal);
        var unknownItems = Items.Keys.Where(k => !items.ContainsKey(k)).ToList();
        if (unknownItems.Count > 0)
            throw new CatalogueException($"text pack for '{Questionnaire}': unknown linkId(s) {string.Join(", ", unknownItems.Select(k => $"'{k}'"))}");

        var usedAnswers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items.Values)
        {
            if (Items.TryGetValue(item.LinkId!, out var text)) item.Text = text;
            foreach (var option in item.AnswerOption)
            {
                if (option.Value is Coding c && Answers.TryGetValue($"{c.System}|{c.Code}", out var label))
                {
                    c.Display = label;
                    usedAnswers.Add($"{c.System}|{c.Code}");
                }
            }
        }
        var unknownAnswers = Answers.Keys.Where(k => !usedAnswers.Contains(k)).ToList();
        if (unknownAnswers.Count > 0)
            throw new CatalogueException($"text pack for '{Questionnaire}': unknown answer key(s) {string.Join(", ", unknownAnswers.Select(k => $"'{k}'"))}");
        if (Title is not null) copy.Title = Title;
        if (Language is not null) copy.Language = Language;
        return copy;
    }

    private static IEnumerable<Questionnaire.ItemComponent> Flatten(IEnumerable<Questionnaire.ItemComponent> items) =>
        items.SelectMany(i => Flatten(i.Item).Prepend(i));

    private sealed record Dto(string? Questionnaire, string? Language, string? Licence, string? Title,
        Dictionary<string, string>? Items, Dictionary<string, string>? Answers);
}
