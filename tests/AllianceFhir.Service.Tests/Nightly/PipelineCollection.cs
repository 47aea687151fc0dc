namespace AllianceFhir.Service.Tests.Nightly;

/// <summary>Hangfire keeps its storage in a static: pipeline hosts in this process run one test class at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PipelineCollection
{
    public const string Name = "pipeline";
}
