using System.Text;
using System.Text.Json;

namespace AllianceFhir.Ehr.Auth;

/// <summary>
/// The public key set (JWKS) that verifies this service's client assertions. The service host publishes
/// <see cref="ToJson"/> at a well-known URL and registers that URL with the EHR. Public parameters only.
/// </summary>
public sealed class JwksDocument
{
    /// <summary>The media type to serve it with.</summary>
    public const string ContentType = "application/json";

    private readonly string _json;

    internal JwksDocument(SigningKey key)
    {
        KeyId = key.KeyId;
        Algorithm = key.Algorithm;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            writer.WriteStartObject();
            foreach (var (name, value) in key.PublicMembers) writer.WriteString(name, value);
            writer.WriteString("kid", key.KeyId);
            writer.WriteString("alg", key.Algorithm);
            writer.WriteString("use", "sig");
            writer.WriteStartArray("key_ops");
            writer.WriteStringValue("verify");
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        _json = Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The kid of the signing key.</summary>
    public string KeyId { get; }

    /// <summary>RS384 or ES384.</summary>
    public string Algorithm { get; }

    /// <summary><c>{"keys":[{"kty":…,"kid":…,"alg":…,"use":"sig",…}]}</c></summary>
    public string ToJson() => _json;
}
