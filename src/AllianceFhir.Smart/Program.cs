using AllianceFhir.Smart.Hosting;

SmartAppHost.Build(args).Run();
