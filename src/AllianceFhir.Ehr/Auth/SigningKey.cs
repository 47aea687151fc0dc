using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace AllianceFhir.Ehr.Auth;

/// <summary>
/// The private key that signs client assertions, and its public half as JWK members. Loaded once from PEM
/// (file or inline) or, for development, generated.
/// </summary>
internal sealed class SigningKey
{
    private SigningKey(string algorithm, AsymmetricAlgorithm key, SecurityKey securityKey, IReadOnlyList<KeyValuePair<string, string>> publicMembers, string keyId)
    {
        Algorithm = algorithm;
        Key = key;
        securityKey.KeyId = keyId;
        Credentials = new SigningCredentials(securityKey, algorithm);
        PublicMembers = publicMembers;
        KeyId = keyId;
    }

    public string Algorithm { get; }

    public string KeyId { get; }

    public AsymmetricAlgorithm Key { get; }

    public SigningCredentials Credentials { get; }

    /// <summary>kty and the public parameters (n, e or crv, x, y), in RFC 7638 (lexicographic) order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> PublicMembers { get; }

    public static SigningKey Load(SmartBackendServicesOptions options)
    {
        var pem = options.PrivateKeyPem;
        if (string.IsNullOrWhiteSpace(pem) && !string.IsNullOrWhiteSpace(options.PrivateKeyPath))
        {
            try
            {
                pem = File.ReadAllText(options.PrivateKeyPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new EhrAuthenticationException($"Cannot read the SMART Backend Services private key from {options.PrivateKeyPath}: {e.Message}", e);
            }
        }
        var generate = string.IsNullOrWhiteSpace(pem);
        if (generate && !options.GenerateDevelopmentKey)
            throw new EhrAuthenticationException($"No SMART Backend Services private key: set {SmartBackendServicesOptions.Section}:PrivateKeyPath or PrivateKeyPem (or GenerateDevelopmentKey for development)");

        return options.Algorithm switch
        {
            SecurityAlgorithms.RsaSha384 => Rsa(generate ? RSA.Create(2048) : Import(RSA.Create(), pem!), options.KeyId),
            SecurityAlgorithms.EcdsaSha384 => EcDsa(generate ? ECDsa.Create(ECCurve.NamedCurves.nistP384) : Import(ECDsa.Create(), pem!), options.KeyId),
            _ => throw new EhrAuthenticationException($"{SmartBackendServicesOptions.Section}:Algorithm must be RS384 or ES384, not '{options.Algorithm}'"),
        };
    }

    private static T Import<T>(T key, string pem) where T : AsymmetricAlgorithm
    {
        try
        {
            key.ImportFromPem(pem);
            return key;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new EhrAuthenticationException($"The SMART Backend Services private key is not an unencrypted PEM {(typeof(T) == typeof(RSA) ? "RSA" : "EC")} private key: {e.Message}", e);
        }
    }

    private static SigningKey Rsa(RSA rsa, string? keyId)
    {
        if (rsa.KeySize < 2048) throw new EhrAuthenticationException($"The RS384 key has {rsa.KeySize} bits; at least 2048 are needed");
        var p = rsa.ExportParameters(includePrivateParameters: false);
        var members = new List<KeyValuePair<string, string>>
        {
            new("e", Base64UrlEncoder.Encode(p.Exponent)),
            new("kty", "RSA"),
            new("n", Base64UrlEncoder.Encode(p.Modulus)),
        };
        return new SigningKey(SecurityAlgorithms.RsaSha384, rsa, new RsaSecurityKey(rsa), members, keyId ?? Thumbprint(members));
    }

    private static SigningKey EcDsa(ECDsa ecdsa, string? keyId)
    {
        if (ecdsa.KeySize != 384) throw new EhrAuthenticationException($"ES384 needs a P-384 key; this one has {ecdsa.KeySize} bits");
        var p = ecdsa.ExportParameters(includePrivateParameters: false);
        var members = new List<KeyValuePair<string, string>>
        {
            new("crv", "P-384"),
            new("kty", "EC"),
            new("x", Base64UrlEncoder.Encode(p.Q.X)),
            new("y", Base64UrlEncoder.Encode(p.Q.Y)),
        };
        return new SigningKey(SecurityAlgorithms.EcdsaSha384, ecdsa, new ECDsaSecurityKey(ecdsa), members, keyId ?? Thumbprint(members));
    }

    /// <summary>RFC 7638: SHA-256 over the required members, lexicographically ordered, no whitespace.</summary>
    private static string Thumbprint(IEnumerable<KeyValuePair<string, string>> members)
    {
        var json = "{" + string.Join(",", members.Select(m => $"\"{m.Key}\":\"{m.Value}\"")) + "}";
        return Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }
}
