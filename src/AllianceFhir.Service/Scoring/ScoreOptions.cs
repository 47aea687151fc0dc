using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Trajectories;

namespace AllianceFhir.Service.Scoring;

/// <summary>The <c>score</c> verb's settings, after the command line is parsed.</summary>
public sealed record ScoreOptions(
    string Input,
    string Output,
    string? ProfilesFolder = null,
    AlertChannel AlertChannel = AlertChannel.Flag,
    ReliableChangeMethod? ReliableChange = null, // null: the Trajectories setting (default FixedThreshold)
    bool WriteProvenance = true,
    int MaxLineBytes = Ndjson.NdjsonLineReader.DefaultMaxLineBytes, // a longer line is reported unread (--max-line-bytes)
    bool FastReader = true, // false: every line through Firely's strict parse (the reference the fast reader is tested against)
    int Workers = 0, // lines read and scored in parallel on this many workers; 0: one per core (--workers)
    int MemoryMb = ScoreOptions.DefaultMemoryMb) // what one partition may take while scored; a larger input is split by patient on disk (--memory-mb)
{
    /// <summary>
    /// The default budget for one partition's state: 256 MB. With the runtime, the catalogue and the writers (about
    /// 150 MB measured on the bench with one small partition) the process stays under issue 12's 500 MB.
    /// </summary>
    public const int DefaultMemoryMb = 256;
}
