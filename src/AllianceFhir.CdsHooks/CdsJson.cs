using System.Text.Json;
using System.Text.Json.Serialization;

namespace AllianceFhir.CdsHooks;

/// <summary>CDS Hooks JSON: camelCase members, nulls left out.</summary>
public static class CdsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
