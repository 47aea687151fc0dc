using AllianceFhir.Bench;

return args.FirstOrDefault() switch
{
    "score" or null => ScoreBench.Run(args.Skip(1).ToArray()),
    "service" => await ServiceBench.RunAsync(args.Skip(1).ToArray()),
    "cds" => await CdsBench.RunAsync(args.Skip(1).ToArray()),
    "report" => await ReportBench.RunAsync(args.Skip(1).ToArray()),
    "smart" => await SmartBench.RunAsync(args.Skip(1).ToArray()),
    "resilience" => await ResilienceBench.RunAsync(args.Skip(1).ToArray()),
    "lifecycle" => await LifecycleBench.RunAsync(args.Skip(1).ToArray()),
    var other => Usage(other),
};

static int Usage(string verb)
{
    Console.Error.WriteLine($"unknown benchmark '{verb}'; available: score [--responses N] [--memory-patients P] [--memory-mb M], service [--patients N], cds [--patients N] [--calls N], report [--patients N], smart, resilience [--patients N] [--kills K] [--seed S], lifecycle [--patients N] [--amend N] [--retract M] [--samples K] [--sweep-cron CRON] [--spread-s S]");
    return 2;
}
