namespace AllianceFhir.Service.Cli;

/// <summary>How a <c>run --once</c> ended: <see cref="Succeeded"/> decides the exit code; <see cref="Report"/> is what is printed.</summary>
public sealed record RunOutcome(bool Succeeded, string Report)
{
    public static RunOutcome Failed(string why) => new(false, $"failed: {why}");

    public override string ToString() => Report;
}
