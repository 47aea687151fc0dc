using System.Security.Cryptography;
using System.Text;

namespace AllianceFhir.State;

/// <summary>
/// A CDS card's uuid from its alert key: the same alert is the same card on every call and every instance, so
/// feedback (which names only the uuid) finds its alert. Name-based, in the RFC 9562 version-8 layout.
/// </summary>
public static class CardIds
{
    public static string For(string alertKey)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes("cds-card\u001f" + alertKey)).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8 (custom)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
