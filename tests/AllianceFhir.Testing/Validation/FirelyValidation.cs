using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using AllianceFhir.Testing.FhirServer;
using Xunit.Sdk;

namespace AllianceFhir.Testing.Validation;

/// <summary>
/// Firely's validator (Firely.Fhir.Validation.R4) over the R4 core definitions (Hl7.Fhir.Specification.Data.R4's
/// specification.zip) and the project's conformance resources in profiles/, whose StructureDefinitions are
/// differentials: <see cref="SnapshotSource"/> generates their snapshots on first use. A resource is checked against
/// its type's core definition (cardinality, bindings, invariants such as ref-1) and every <c>meta.profile</c> it claims,
/// which must resolve. As an EHR that validates writes with Firely would: use it on whatever the product writes.
/// </summary>
/// <remarks>Built once per test process (reading the spec zip costs seconds); thread-safe for validation.</remarks>
public sealed class FirelyValidation
{
    private static readonly Lazy<FirelyValidation> Shared = new(() => new FirelyValidation(RepositoryRoot.Combine("profiles")));
    private static readonly FhirJsonDeserializer Strict = new();

    private readonly Validator _validator;
    private readonly IAsyncResourceResolver _resolver;

    public FirelyValidation(string profilesFolder)
    {
        var core = ZipSource.CreateValidationSource();
        var project = new DirectorySource(profilesFolder, new DirectorySourceSettings { IncludeSubDirectories = false });
        _resolver = new CachedResolver(new SnapshotSource(new MultiResolver(project, core)));
        _validator = new Validator(_resolver, new LocalTerminologyService(_resolver));
    }

    /// <summary>The validator over the repository's profiles/.</summary>
    public static FirelyValidation Instance => Shared.Value;

    /// <summary>Errors (and fatal issues) Firely finds, each as "severity code: expression: text"; empty when the resource is valid.</summary>
    public IReadOnlyList<string> Errors(Resource resource)
    {
        // One shared validator, and Firely's snapshot generator is not thread-safe: test classes run in parallel.
        lock (_gate) return ErrorsUnsafe(resource);
    }

    private readonly Lock _gate = new();

    private IReadOnlyList<string> ErrorsUnsafe(Resource resource)
    {
        var problems = new List<string>();
        foreach (var profile in resource.Meta?.Profile ?? [])
            if (_resolver.FindStructureDefinitionAsync(profile).GetAwaiter().GetResult() is null)
                problems.Add($"error: meta.profile '{profile}' does not resolve to a StructureDefinition in profiles/ or R4");
        var outcome = _validator.Validate(resource);
        problems.AddRange(outcome.Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => $"{i.Severity?.ToString().ToLowerInvariant()} {i.Code}: {string.Join(", ", i.Expression ?? [])}: {i.Details?.Text ?? i.Diagnostics}"));
        return problems;
    }

    /// <summary>Fails the test, naming the resource and every error, unless Firely finds the resource valid.</summary>
    public void AssertValid(Resource resource, string? label = null)
    {
        var errors = Errors(resource);
        if (errors.Count > 0)
            throw new XunitException($"{label ?? Describe(resource)} is not valid FHIR R4 for Firely:\n  " + string.Join("\n  ", errors));
    }

    /// <summary>As <see cref="AssertValid(Resource, string?)"/> for FHIR JSON (a line of ndjson, a response body); parsed strictly.</summary>
    public void AssertValid(string json, string? label = null) => AssertValid(Strict.DeserializeResource(json), label);

    private static string Describe(Resource r) =>
        $"{r.TypeName}{(r.Id is null ? "" : "/" + r.Id)}{(r.Meta?.Profile?.FirstOrDefault() is { } p ? $" ({p})" : "")}";
}
