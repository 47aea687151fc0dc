using System.Collections.Concurrent;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace AllianceFhir.Sandbox.Authorization;

/// <summary>Every answered token request (granted or refused), for tests that count refreshes and grant types.</summary>
internal sealed class TokenRequestLog(TimeProvider time) : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    private readonly ConcurrentQueue<TokenRequestRecord> _records = new();

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<TokenRequestLog>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public IReadOnlyList<TokenRequestRecord> Records => [.. _records];

    public ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        _records.Enqueue(new TokenRequestRecord(context.Request?.GrantType, context.Request?.ClientId, time.GetUtcNow(), context.Response.Error));
        return default;
    }
}
