using AllianceFhir.Bench;

return args.FirstOrDefault() switch
{
    "score" or null => ScoreBench.Run(args.Skip(1).ToArray()),
    "service" => await ServiceBench.RunAsync(args.Skip(1).ToArray()),
    "smart" => await SmartBench.RunAsync(args.Skip(1).ToArray()),
    var other => Usage(other),
};

static int Usage(string verb)
{
    Console.Error.WriteLine($"unknown benchmark '{verb}'; available: score [--responses N], service [--patients N]");
    return 2;
}
