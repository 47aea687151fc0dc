namespace AllianceFhir.Ehr.Auth;

/// <summary>A fixed bearer token for development (configuration section <c>Ehr:StaticToken</c>).</summary>
public sealed class StaticTokenOptions
{
    public const string Section = "Ehr:StaticToken";

    public string? Token { get; set; }
}
