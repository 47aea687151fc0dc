using AllianceFhir.CdsHooks.Host;

await using var app = CdsHooksHost.Build(args);
await app.RunAsync();
