using System.Security.Cryptography;
using System.Text;

namespace AllianceFhir.Core.Resources;

/// <summary>
/// Deterministic ids and identifier values: the same inputs always give the same id, so writing a score twice
/// finds the first (conditional create on the identifier, or a ledger lookup).
/// </summary>
public static class ResourceIds
{
    public static string For(params string[] parts)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return "af-" + Convert.ToHexStringLower(bytes, 0, 16);
    }
}
