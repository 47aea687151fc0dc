namespace AllianceFhir.Sandbox.Tests;

/// <summary>The test classes share one sandbox (one Node FHIR server start).</summary>
[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxEhrFixture>
{
    public const string Name = "sandbox";
}
