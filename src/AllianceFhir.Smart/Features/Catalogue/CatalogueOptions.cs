namespace AllianceFhir.Smart.Features.Catalogue;

/// <summary>Where the app finds the instrument catalogue and the site's licensed wording. Section "Smart".</summary>
public sealed class CatalogueOptions
{
    public const string Section = "Smart";

    /// <summary>The profiles folder (Questionnaire-*.json); default: profiles/ beside the app, else the repository's.</summary>
    public string? ProfilesFolder { get; set; }

    /// <summary>
    /// Text pack files (profiles/README.md, "Text packs") with the wording this site is licensed to show for
    /// instruments shipped as structure only. Never committed; a missing or invalid pack stops the app at start.
    /// </summary>
    public List<string> TextPacks { get; set; } = [];
}
