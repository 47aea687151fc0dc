using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace AllianceFhir.Core.Resources;

/// <summary>
/// Deterministic ids and identifier values: the same inputs always give the same id, so writing a score twice
/// finds the first (conditional create on the identifier, or a ledger lookup).
/// </summary>
public static class ResourceIds
{
    /// <summary>Parts up to this many UTF-8 bytes in all are hashed from the stack (a score's id is about 100).</summary>
    private const int StackBytes = 512;

    /// <summary>
    /// This thread's SHA-256, reused id after id: the one-shot hash sets up and frees OpenSSL's digest each time, a
    /// fifth more per id (measured: 480 against 395 ns for a score's id; issue 12).
    /// </summary>
    [ThreadStatic]
    private static IncrementalHash? _sha256;

    /// <summary>
    /// "af-" and the first 16 bytes, in hex, of the SHA-256 of the parts' UTF-8 joined by U+001F (a null part as an
    /// empty one). Encoded straight into one buffer, the parts taken as a span (issue 12: it runs several times per
    /// scored line, and a params array was one more allocation each time).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string For(params ReadOnlySpan<string?> parts) => Create("", parts);

    /// <summary>
    /// "{resourceType}/" and <see cref="For"/>'s id, in one string: the reference a Provenance or a series holds, whose
    /// id is the part after the slash (issue 12: the id and the reference were two strings on every scored line).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string ReferenceFor(string resourceType, params ReadOnlySpan<string?> parts) => Create(resourceType, parts);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string Create(string resourceType, ReadOnlySpan<string?> parts)
    {
        var max = parts.Length;
        foreach (var part in parts) max += Encoding.UTF8.GetMaxByteCount(part?.Length ?? 0);
        byte[]? rented = null;
        var buffer = max <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = 0;
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0) buffer[length++] = 0x1F;
                length += Encoding.UTF8.GetBytes(parts[i] ?? "", buffer[length..]);
            }
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            var sha256 = _sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha256.AppendData(buffer[..length]);
            sha256.GetHashAndReset(hash);
            // A resource type is a short FHIR name (at most 64 characters are taken from the stack).
            var prefix = resourceType.Length == 0 ? 0 : resourceType.Length + 1;
            Span<char> id = prefix <= 64 ? stackalloc char[64 + 3 + 32] : new char[prefix + 3 + 32];
            id = id[..(prefix + 3 + 32)];
            if (prefix > 0)
            {
                resourceType.CopyTo(id);
                id[prefix - 1] = '/';
            }
            "af-".CopyTo(id[prefix..]);
            Convert.TryToHexStringLower(hash[..16], id[(prefix + 3)..], out _);
            return new string(id);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
