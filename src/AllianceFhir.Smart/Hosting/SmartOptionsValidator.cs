using AllianceFhir.Smart.Launch;
using Microsoft.Extensions.Options;

namespace AllianceFhir.Smart.Hosting;

/// <summary>Checks <see cref="SmartOptions"/> at start, naming the setting that is wrong.</summary>
internal sealed class SmartOptionsValidator : IValidateOptions<SmartOptions>
{
    public ValidateOptionsResult Validate(string? name, SmartOptions options)
    {
        var errors = new List<string>();
        if (options.Ehrs.Count == 0)
            errors.Add($"{SmartOptions.Section}:Ehrs is empty: configure at least one EHR (Iss and ClientId) the app may be launched from");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Ehrs.Count; i++)
        {
            var e = options.Ehrs[i];
            var at = $"{SmartOptions.Section}:Ehrs:{i}";
            if (e.Iss is not { IsAbsoluteUri: true } iss || (iss.Scheme != Uri.UriSchemeHttps && iss.Scheme != Uri.UriSchemeHttp))
                errors.Add($"{at}:Iss must be an absolute http(s) URL (the EHR's FHIR base)");
            else if (!seen.Add(EhrRegistry.Normalise(iss.OriginalString)))
                errors.Add($"{at}:Iss {iss} is listed twice");
            if (string.IsNullOrWhiteSpace(e.ClientId))
                errors.Add($"{at}:ClientId is required");
            for (var j = 0; j < e.Scopes.Count; j++)
                if (string.IsNullOrWhiteSpace(e.Scopes[j]) || e.Scopes[j].Any(c => char.IsControl(c) || c == '"' || c == '\\'))
                    errors.Add($"{at}:Scopes:{j} must be scope tokens (RFC 6749 §3.3: no quotes, backslashes or control characters)");
            if (e.Scopes.Count > 0 && !SmartLaunchScopes.Configured(e).Any(s => s is "launch" or "launch/patient"))
                errors.Add($"{at}:Scopes must include launch (or launch/patient): the app opens only in a patient's context");
            for (var j = 0; j < e.PatientScopes.Count; j++)
                if (string.IsNullOrWhiteSpace(e.PatientScopes[j]) || e.PatientScopes[j].Any(c => char.IsControl(c) || c == '"' || c == '\\'))
                    errors.Add($"{at}:PatientScopes:{j} must be scope tokens (RFC 6749 §3.3: no quotes, backslashes or control characters)");
            var patientScopes = e.PatientScopes.SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
            if (patientScopes.Count > 0 && !patientScopes.Any(s => s is "launch" or "launch/patient"))
                errors.Add($"{at}:PatientScopes must include launch (or launch/patient): the client's page opens only in the client's context");
            if (patientScopes.Any(s => s.StartsWith("user/", StringComparison.Ordinal) || s.StartsWith("system/", StringComparison.Ordinal)))
                errors.Add($"{at}:PatientScopes must not include user/ or system/ scopes: a client reaches only their own record");
            switch (e.ClientType)
            {
                case SmartClientType.Symmetric when string.IsNullOrWhiteSpace(e.ClientSecret):
                    errors.Add($"{at}:ClientSecret is required for ClientType Symmetric (client_secret_basic)");
                    break;
                case SmartClientType.PrivateKeyJwt when string.IsNullOrWhiteSpace(e.PrivateKeyPath):
                    errors.Add($"{at}:PrivateKeyPath is required for ClientType PrivateKeyJwt");
                    break;
                case SmartClientType.PrivateKeyJwt when e.Algorithm is not ("RS384" or "ES384"):
                    errors.Add($"{at}:Algorithm must be RS384 or ES384");
                    break;
            }
        }
        if (string.IsNullOrWhiteSpace(options.FrameAncestors) || options.FrameAncestors.IndexOfAny([';', ',', '\r', '\n']) >= 0)
            errors.Add($"{SmartOptions.Section}:FrameAncestors must be a CSP source list (e.g. 'self' https://ehr.example.org), without ';' or ','");
        if (options.RefreshMargin < TimeSpan.Zero)
            errors.Add($"{SmartOptions.Section}:RefreshMargin must not be negative");
        if (options.SessionIdleTimeout <= TimeSpan.Zero)
            errors.Add($"{SmartOptions.Section}:SessionIdleTimeout must be positive");
        if (options.DiscoveryCacheDuration < TimeSpan.Zero)
            errors.Add($"{SmartOptions.Section}:DiscoveryCacheDuration must not be negative");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
