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
    int Workers = 0); // lines read and scored in parallel on this many workers; 0: one per core (--workers)
