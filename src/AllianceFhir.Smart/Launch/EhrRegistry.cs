using System.Collections.Concurrent;
using AllianceFhir.Ehr.Auth;
using AllianceFhir.Smart.Hosting;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Smart.Launch;

/// <summary>
/// The iss allow-list (<see cref="SmartOptions.Ehrs"/>): finds the registered client for an iss, without any network
/// access, and signs private_key_jwt client assertions with the EHR's key (loaded once, on first use).
/// </summary>
internal sealed class EhrRegistry(IOptions<SmartOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ClientAssertionFactory> _assertions = new(StringComparer.Ordinal);

    /// <summary>Compares iss values as the EHR sends them: exact, except a trailing slash.</summary>
    public static string Normalise(string iss) => iss.Trim().TrimEnd('/');

    public bool TryFind(string? iss, out SmartEhrOptions ehr)
    {
        ehr = null!;
        if (string.IsNullOrWhiteSpace(iss)) return false;
        var wanted = Normalise(iss);
        var found = options.Value.Ehrs.FirstOrDefault(e => e.Iss is not null && string.Equals(Normalise(e.Iss.OriginalString), wanted, StringComparison.Ordinal));
        if (found is null) return false;
        ehr = found;
        return true;
    }

    /// <summary>A fresh signed client assertion for <paramref name="ehr"/>'s token endpoint (private_key_jwt).</summary>
    public string CreateClientAssertion(SmartEhrOptions ehr, Uri tokenEndpoint)
    {
        var factory = _assertions.GetOrAdd(Normalise(ehr.Iss!.OriginalString), _ =>
        {
            var o = new SmartBackendServicesOptions
            {
                ClientId = ehr.ClientId,
                PrivateKeyPath = ehr.PrivateKeyPath,
                KeyId = ehr.KeyId,
                Algorithm = ehr.Algorithm,
            };
            return new ClientAssertionFactory(SigningKey.Load(o), Options.Create(o), time);
        });
        return factory.Create(tokenEndpoint);
    }
}
