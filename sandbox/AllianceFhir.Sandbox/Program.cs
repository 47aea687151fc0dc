using AllianceFhir.Sandbox;

// The sandbox EHR on http://127.0.0.1:5070 (appsettings.json, section Sandbox): SMART authorization server, FHIR proxy,
// and a launcher page listing the synthetic cohort. Ctrl+C stops it and the FHIR server it started.
var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: false)
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();
var settings = SandboxSettings.FromConfiguration(configuration);
settings.MinimumLogLevel = LogLevel.Information;

await using var sandbox = await SandboxHost.StartAsync(settings);
Console.WriteLine($"Sandbox EHR launcher: {sandbox.BaseUrl}/");
Console.WriteLine($"FHIR base (iss):      {sandbox.FhirBaseUrl}");
Console.WriteLine($"SMART app launch URL: {settings.AppLaunchUrl}");
await sandbox.WaitForShutdownAsync();
