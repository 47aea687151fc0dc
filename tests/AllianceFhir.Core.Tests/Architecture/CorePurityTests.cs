using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using AllianceFhir.Core.Catalogue;

namespace AllianceFhir.Core.Tests.Architecture;

/// <summary>DESIGN.md: Core is pure. It references only the framework and the Firely model, and reaches for no I/O or wall clock.</summary>
public class CorePurityTests
{
    private static readonly Assembly Core = typeof(InstrumentCatalogue).Assembly;

    [Fact]
    public void CoreAssembly_WhenReferencesListed_ThenOnlyFrameworkAndFirely()
    {
        var names = Core.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("Hl7.Fhir.R4", names);
        Assert.All(names, n => Assert.True(
            n.StartsWith("System", StringComparison.Ordinal) || n is "netstandard" or "mscorlib" || n.StartsWith("Hl7.Fhir", StringComparison.Ordinal),
            $"Core references {n}"));
    }

    [Fact]
    public void CoreAssembly_WhenTypeAndMemberReferencesScanned_ThenNoIoNetworkOrWallClock()
    {
        string[] forbiddenTypes =
        [
            "System.IO.File", "System.IO.Directory", "System.IO.FileStream", "System.IO.StreamReader", "System.IO.StreamWriter",
            "System.Net.Http.HttpClient", "System.Data.Common.DbConnection", "System.Console",
        ];
        string[] forbiddenMembers = ["System.DateTime.get_Now", "System.DateTime.get_UtcNow", "System.DateTimeOffset.get_Now", "System.DateTimeOffset.get_UtcNow"];

        using var stream = File.OpenRead(Core.Location);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var types = md.TypeReferences.Select(h => md.GetTypeReference(h)).Select(t => $"{md.GetString(t.Namespace)}.{md.GetString(t.Name)}").ToHashSet();
        var members = md.MemberReferences.Select(h => md.GetMemberReference(h))
            .Where(m => m.Parent.Kind == HandleKind.TypeReference)
            .Select(m =>
            {
                var t = md.GetTypeReference((TypeReferenceHandle)m.Parent);
                return $"{md.GetString(t.Namespace)}.{md.GetString(t.Name)}.{md.GetString(m.Name)}";
            }).ToHashSet();

        Assert.Contains("Hl7.Fhir.Model.QuestionnaireResponse", types);
        Assert.Empty(types.Intersect(forbiddenTypes));
        Assert.Empty(members.Intersect(forbiddenMembers));
    }
}
