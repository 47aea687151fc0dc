using AllianceFhir.Core.Catalogue;
using AllianceFhir.Service.Cli;
using AllianceFhir.Service.Hosting;
using AllianceFhir.State;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AllianceFhir.Bench.Resilience;

/// <summary>
/// The score path's kinds through the nightly job on the embedded default (a Bulk Data ndjson export in, SQLite state):
/// one export, each kind on its own line with its own ids (bad-N, pat-N), between two valid PHQ-9 responses (the second
/// with item 9 above 0). Per kind: a quarantine row naming its line or id (reported); its response scored or not as the
/// kind expects; no safety alert for its patient unless expected (invented). Both valid responses scored and alerted
/// (lost); the job did not fail (crash). The job runs twice: the second run must add no quarantine row.
/// </summary>
internal static class BadInputNightlyPath
{
    public static async Task<BadInputStage.PathResult> RunAsync(string work)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var kinds = BadInputStage.Kinds();
        var folder = Path.Combine(work, "nightly-bad");
        var input = Directory.CreateDirectory(Path.Combine(folder, "in")).FullName;
        var output = Path.Combine(folder, "out");
        await using (var file = File.Create(Path.Combine(input, "QuestionnaireResponse.ndjson")))
        {
            file.Write(BadInputStage.U(BadInputStage.GoodA + "\n"));
            for (var n = 0; n < kinds.Count; n++)
            {
                file.Write(Replace(Replace(kinds[n].Line(), "bad-x"u8, BadInputStage.U($"bad-{n}")), "pat-x"u8, BadInputStage.U($"pat-{n}")));
                file.Write("\n"u8);
            }
            file.Write(BadInputStage.U(BadInputStage.GoodB + "\n"));
        }
        var host = ServiceHost.BuildWorker(new Dictionary<string, string?>
        {
            ["Source:FhirServer"] = null,
            ["Source:NdjsonInput"] = input,
            ["Source:NdjsonOutput"] = output,
            ["State:ConnectionString"] = $"Data Source={Path.Combine(folder, "state.db")}",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        int crashes = 0, lost = 0, invented = 0;
        var unreported = new List<string>();
        List<QuarantineEntry> rows = [], again = [];
        await host.StartAsync();
        try
        {
            foreach (var pass in new[] { 1, 2 })
            {
                try
                {
                    var outcome = await RunCommand.RunOnceAsync(host.Services, "nightly-scoring", TimeSpan.FromMinutes(10), CancellationToken.None);
                    if (!outcome.Succeeded) throw new InvalidOperationException(outcome.Report);
                }
                catch (Exception e)
                {
                    crashes++;
                    unreported.Add($"nightly run {pass} (crashed: {e.GetType().Name})");
                }
                var list = await host.Services.GetRequiredService<QuarantineStore>().ListAsync(10_000, CancellationToken.None);
                if (pass == 1) rows = list.ToList();
                else again = list.ToList();
            }
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }

        var parser = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.BackwardsCompatible));
        var scores = Read(output, "Observation", parser).OfType<Observation>().Where(o => o.Identifier.Any(i => i.System == CanonicalUrls.ScoreIdentifierSystem))
            .SelectMany(o => o.DerivedFrom.Select(d => d.Reference)).ToHashSet(StringComparer.Ordinal);
        var flagged = Read(output, "Flag", parser).OfType<Flag>().Select(f => f.Subject?.Reference).ToList();
        if (!scores.Contains("QuestionnaireResponse/good-a") || !scores.Contains("QuestionnaireResponse/good-b") || flagged.Count(f => f == "Patient/pat-b") != 1)
        {
            lost++;
            unreported.Add("nightly: a valid response around the bad lines was not scored or alerted (something valid lost)");
        }
        if (again.Count != rows.Count) unreported.Add($"nightly: the second run changed the quarantine from {rows.Count} to {again.Count} rows");
        for (var n = 0; n < kinds.Count; n++)
        {
            var kind = kinds[n];
            var where = $"QuestionnaireResponse.ndjson line {n + 2}";
            var reported = rows.Any(r => r.Source == where || r.ResourceId == $"bad-{n}" || r.Reason.Contains(where + " is scored", StringComparison.Ordinal));
            var scoredBad = scores.Contains($"QuestionnaireResponse/bad-{n}");
            var alerts = flagged.Count(f => f == $"Patient/pat-{n}");
            if (kind.SafetyExpected && alerts != 1)
            {
                lost++;
                unreported.Add($"nightly: {kind.Name} (its safety alert lost)");
            }
            if (!kind.SafetyExpected && alerts > 0)
            {
                invented++;
                unreported.Add($"nightly: {kind.Name} (safety alert invented)");
            }
            // On the nightly path an entered-in-error response is a retraction (docs/adr/0009): read, never scored, no row.
            var expect = kind.Name == "status entered-in-error" ? BadInputStage.Expect.Ignore : kind.Expect;
            var ok = expect switch
            {
                BadInputStage.Expect.Report => reported && !scoredBad,
                BadInputStage.Expect.Accept => scoredBad,
                BadInputStage.Expect.Ignore => !scoredBad,
                _ => reported || scoredBad,
            };
            if (!ok) unreported.Add($"nightly: {kind.Name} ({(scoredBad ? "scored" : "not scored")}, {(reported ? "quarantined" : "no quarantine row")}; expected {expect})");
        }
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } // SQLite may hold the file a moment longer
        return new BadInputStage.PathResult("nightly", kinds.Count, crashes, lost, invented, unreported, clock.Elapsed.TotalSeconds);
    }

    private static IEnumerable<Resource> Read(string folder, string type, FhirJsonDeserializer parser)
    {
        var path = Path.Combine(folder, type + ".ndjson");
        return File.Exists(path) ? File.ReadLines(path).Where(l => l.Length > 0).Select(l => parser.DeserializeResource(l)) : [];
    }

    private static byte[] Replace(byte[] source, ReadOnlySpan<byte> find, ReadOnlySpan<byte> with)
    {
        var result = new List<byte>(source.Length + 16);
        var span = source.AsSpan();
        int at;
        while ((at = span.IndexOf(find)) >= 0)
        {
            result.AddRange(span[..at]);
            result.AddRange(with);
            span = span[(at + find.Length)..];
        }
        result.AddRange(span);
        return result.ToArray();
    }
}
