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
    /// "af-" and the first 16 bytes, in hex, of the SHA-256 of the parts' UTF-8 joined by U+001F (a null part as an
    /// empty one). Encoded straight into one buffer (issue 12: it runs several times per scored line).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string For(params string[] parts)
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
            SHA256.HashData(buffer[..length], hash);
            Span<char> id = stackalloc char[3 + 32];
            "af-".CopyTo(id);
            Convert.TryToHexStringLower(hash[..16], id[3..], out _);
            return new string(id);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
