using System.CommandLine;

namespace AllianceFhir.Service.Cli;

/// <summary>The service's verbs; each lives in its own feature folder.</summary>
public static class ServiceCommandLine
{
    public static RootCommand Build() => new("AllianceFhir: therapeutic-alliance scoring for FHIR R4 EHRs")
    {
        ScoreCommand.Build(),
        RunCommand.Build(),
        ServeCommand.Build(),
        ReportCommand.Build(),
    };
}
