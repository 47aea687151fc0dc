using System.Text.Json.Nodes;

namespace AllianceFhir.Ehr.Tests.Support;

/// <summary>Small FHIR JSON documents for stub answers.</summary>
public static class Bundles
{
    public static string SearchSet(IEnumerable<JsonObject> resources, string? next = null)
    {
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "searchset",
            ["entry"] = new JsonArray(resources.Select(r => (JsonNode)new JsonObject
            {
                ["fullUrl"] = $"{TestEhr.BaseUrl}/{r["resourceType"]}/{r["id"]}",
                ["resource"] = r,
                ["search"] = new JsonObject { ["mode"] = "match" },
            }).ToArray()),
        };
        var links = new JsonArray { new JsonObject { ["relation"] = "self", ["url"] = TestEhr.BaseUrl + "/QuestionnaireResponse" } };
        if (next is not null) links.Add(new JsonObject { ["relation"] = "next", ["url"] = next });
        bundle["link"] = links;
        return bundle.ToJsonString();
    }

    public static JsonObject Response(string id, string lastUpdated = "2026-03-01T01:00:00Z", string versionId = "1") => new()
    {
        ["resourceType"] = "QuestionnaireResponse",
        ["id"] = id,
        ["meta"] = new JsonObject { ["versionId"] = versionId, ["lastUpdated"] = lastUpdated },
        ["status"] = "completed",
        ["subject"] = new JsonObject { ["reference"] = "Patient/p1" },
        ["authored"] = "2026-02-28",
    };

    public static string Outcome(string diagnostics, string code = "invalid") => new JsonObject
    {
        ["resourceType"] = "OperationOutcome",
        ["issue"] = new JsonArray(new JsonObject { ["severity"] = "error", ["code"] = code, ["diagnostics"] = diagnostics }),
    }.ToJsonString();
}
