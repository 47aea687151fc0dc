namespace AllianceFhir.Samples.Planning;

/// <summary>
/// Derives an independent <see cref="Random"/> seed per stream and index (SplitMix64 finaliser), so each
/// patient's data depends only on (seed, patient index): output can be streamed patient by patient.
/// </summary>
internal static class SeedMixer
{
    public const int PatientStream = 1;
    public const int MalformedStream = 2;

    public static int For(int seed, int stream, int index)
    {
        unchecked
        {
            ulong z = ((ulong)(uint)seed * 0x9E3779B97F4A7C15UL)
                + ((ulong)(uint)stream * 0xBF58476D1CE4E5B9UL)
                + ((ulong)(uint)index * 0x94D049BB133111EBUL);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z & 0x7FFFFFFF);
        }
    }
}
