namespace AllianceFhir.State;

/// <summary>
/// An input the service could not use: where it came from and why; never the resource body. <see cref="ContentHash"/>
/// (a hash of the raw content, or of the reason when there is none) makes the same input read again by a later run the
/// same row: <see cref="SeenCount"/> runs have read it, the last at <see cref="LastSeenAt"/>. Read back, ContentHash
/// holds the row's key (a hash of source, type, id and content).
/// </summary>
public sealed record QuarantineEntry(string Source, string? ResourceType, string? ResourceId, string Reason, string? RunId, string? ReceivedAt = null,
    string? ContentHash = null, long SeenCount = 1, string? LastSeenAt = null)
{
    /// <summary>A hash of raw content for <see cref="ContentHash"/> (SHA-256, hex).</summary>
    public static string HashOf(string content) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)));
}
