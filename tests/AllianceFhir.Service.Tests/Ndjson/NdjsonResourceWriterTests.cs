using System.Text.Json;
using AllianceFhir.Service.Ndjson;
using Hl7.Fhir.Model;

namespace AllianceFhir.Service.Tests.Ndjson;

/// <summary>
/// Issue 12: resources go through one reused buffer to buffered files instead of a flush to the OS per resource;
/// each file must still hold one whole resource per line, in the order written, whatever the interleaving of types.
/// </summary>
public class NdjsonResourceWriterTests
{
    [Fact]
    public void Write_WhenTypesInterleaveAndAWriteFails_ThenEachFileHoldsItsWholeResourcesInOrder()
    {
        var folder = Directory.CreateTempSubdirectory("ndjson-writer-").FullName;
        try
        {
            using (var writer = new NdjsonResourceWriter(folder))
            {
                for (var i = 0; i < 5000; i++)
                {
                    writer.Write(new Observation { Id = $"o{i}", Status = ObservationStatus.Final });
                    writer.Write("Provenance", i, static (w, n) =>
                    {
                        w.WriteStartObject();
                        w.WriteString("resourceType", "Provenance");
                        w.WriteString("id", $"p{n}");
                        w.WriteEndObject();
                    });
                    if (i == 10)
                        Assert.Throws<InvalidOperationException>(() => writer.Write("Provenance", 0, static (w, _) =>
                        {
                            w.WriteStartObject();
                            w.WriteString("resourceType", "Provenance");
                            throw new InvalidOperationException("failed half way");
                        }));
                    writer.WriteLine("issues", $"{{\"n\":{i}}}");
                }
                Assert.Equal(5000, writer.Counts["Observation"]);
            }

            var observations = File.ReadAllLines(Path.Combine(folder, "Observation.ndjson"));
            var provenances = File.ReadAllLines(Path.Combine(folder, "Provenance.ndjson"));
            var issues = File.ReadAllLines(Path.Combine(folder, "issues.ndjson"));
            Assert.Equal(Enumerable.Range(0, 5000).Select(i => $"o{i}"), observations.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()));
            // The failed write left nothing behind: the next Provenance is whole.
            Assert.Equal(Enumerable.Range(0, 5000).Select(i => $"p{i}"), provenances.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()));
            Assert.Equal(Enumerable.Range(0, 5000).Select(i => $"{{\"n\":{i}}}"), issues);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
