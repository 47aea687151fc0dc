using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;

namespace AllianceFhir.Sandbox.Proxy.Compartment;

/// <summary>
/// The FHIR R4 Patient CompartmentDefinition (http://hl7.org/fhir/CompartmentDefinition/patient, 4.0.1) as data, read
/// from the specification.zip of Firely's Hl7.Fhir.Specification.Data.R4 (its <c>profiles-resources.xml</c>), with each
/// resource type's compartment search parameters mapped to the element paths they search (from the same zip's
/// <c>search-parameters.xml</c>, the parameters' <c>xpath</c>). Nothing here is typed by hand; see docs/adr/0004.
/// <para>
/// One addition, also from the spec data: R4 lists Task, Device, Contract and GuidanceResponse with no parameter (not
/// patient data), yet each has a search parameter named <c>patient</c> (Task's is <c>Task.for</c>). The sandbox treats
/// such a type as in the compartment through that parameter, so a Task <c>for</c> another patient stays that patient's.
/// </para>
/// </summary>
internal sealed class PatientCompartmentDefinition
{
    public const string Url = "http://hl7.org/fhir/CompartmentDefinition/patient";
    private const string ResourceName = "hl7.fhir.r4.specification.zip";
    private static readonly XNamespace Fhir = "http://hl7.org/fhir";
    private static readonly Lazy<PatientCompartmentDefinition> Embedded = new(LoadEmbedded);

    private readonly Dictionary<string, IReadOnlyList<string>> _params;
    private readonly Dictionary<string, IReadOnlyList<string[]>> _paths;

    private PatientCompartmentDefinition(string version, Dictionary<string, IReadOnlyList<string>> parameters, Dictionary<string, IReadOnlyList<string[]>> paths)
    {
        Version = version;
        _params = parameters;
        _paths = paths;
    }

    /// <summary>The definition from the specification embedded in the sandbox, read once per process (about 0.4 s).</summary>
    public static PatientCompartmentDefinition R4 => Embedded.Value;

    /// <summary>The CompartmentDefinition's version (4.0.1).</summary>
    public string Version { get; }

    /// <summary>Every resource type the definition lists, with or without parameters.</summary>
    public IReadOnlyCollection<string> ResourceTypes => _params.Keys;

    /// <summary>The search parameters that put a resource of <paramref name="resourceType"/> in a patient's compartment (none: not patient data).</summary>
    public IReadOnlyList<string> Params(string resourceType) => _params.GetValueOrDefault(resourceType) ?? [];

    /// <summary>
    /// The element paths (below the resource, e.g. <c>["participant", "actor"]</c>) of those parameters: a resource is in
    /// patient P's compartment when a Reference at one of them points at Patient/P.
    /// </summary>
    public IReadOnlyList<string[]> Paths(string resourceType) => _paths.GetValueOrDefault(resourceType) ?? [];

    /// <summary>True when resources of the type belong to patients' compartments (the definition gives them a parameter).</summary>
    public bool IsPatientData(string resourceType) => Paths(resourceType).Count > 0;

    public static PatientCompartmentDefinition Load(Stream specificationZip)
    {
        using var zip = new ZipArchive(specificationZip, ZipArchiveMode.Read);
        var definition = ReadElements(zip, "profiles-resources.xml", "CompartmentDefinition")
            .FirstOrDefault(e => Value(e, "url") == Url)
            ?? throw new InvalidDataException($"The specification has no {Url}.");
        var xpaths = new Dictionary<(string Type, string Code), string>();
        foreach (var parameter in ReadElements(zip, "search-parameters.xml", "SearchParameter"))
        {
            if (Value(parameter, "code") is not { } code || Value(parameter, "xpath") is not { } xpath) continue;
            foreach (var type in parameter.Elements(Fhir + "base").Select(b => b.Attribute("value")?.Value).OfType<string>())
                xpaths[(type, code)] = xpath;
        }

        var parameters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var paths = new Dictionary<string, IReadOnlyList<string[]>>(StringComparer.Ordinal);
        foreach (var resource in definition.Elements(Fhir + "resource"))
        {
            var type = Value(resource, "code") ?? throw new InvalidDataException("A compartment resource has no code.");
            var names = resource.Elements(Fhir + "param").Select(p => p.Attribute("value")?.Value).OfType<string>().ToList();
            if (names.Count == 0 && xpaths.ContainsKey((type, "patient"))) names = ["patient"];
            parameters[type] = names;
            paths[type] = names
                .Select(name => xpaths.TryGetValue((type, name), out var xpath) ? xpath : throw new InvalidDataException($"No search parameter {type}.{name} in the specification."))
                .SelectMany(xpath => PathsOf(type, xpath))
                .DistinctBy(p => string.Join('.', p))
                .ToList();
        }
        return new PatientCompartmentDefinition(Value(definition, "version") ?? "", parameters, paths);
    }

    /// <summary>"f:AllergyIntolerance/f:patient | f:CarePlan/f:subject" for AllergyIntolerance: [["patient"]].</summary>
    private static IEnumerable<string[]> PathsOf(string type, string xpath) =>
        xpath.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('/').Select(step => step.StartsWith("f:", StringComparison.Ordinal) ? step[2..] : step).ToArray())
            .Where(steps => steps.Length > 1 && steps[0] == type && steps.All(s => s.All(char.IsAsciiLetterOrDigit)))
            .Select(steps => steps[1..]);

    private static IEnumerable<XElement> ReadElements(ZipArchive zip, string entry, string localName)
    {
        using var stream = (zip.GetEntry(entry) ?? throw new InvalidDataException($"The specification has no {entry}.")).Open();
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { IgnoreWhitespace = true, IgnoreComments = true, DtdProcessing = DtdProcessing.Prohibit });
        while (reader.ReadToFollowing(localName, Fhir.NamespaceName))
            yield return (XElement)XNode.ReadFrom(reader);
    }

    private static string? Value(XElement element, string child) => element.Element(Fhir + child)?.Attribute("value")?.Value;

    private static PatientCompartmentDefinition LoadEmbedded()
    {
        using var stream = typeof(PatientCompartmentDefinition).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The sandbox assembly has no embedded {ResourceName}.");
        return Load(stream);
    }
}
