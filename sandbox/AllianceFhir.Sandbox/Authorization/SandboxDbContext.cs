using Microsoft.EntityFrameworkCore;

namespace AllianceFhir.Sandbox.Authorization;

/// <summary>OpenIddict's applications, authorizations, scopes and tokens, in EF Core's in-memory database.</summary>
internal sealed class SandboxDbContext(DbContextOptions<SandboxDbContext> options) : DbContext(options);
