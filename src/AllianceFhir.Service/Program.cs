using AllianceFhir.Service.Cli;

return await ServiceCommandLine.Build().Parse(args).InvokeAsync();
