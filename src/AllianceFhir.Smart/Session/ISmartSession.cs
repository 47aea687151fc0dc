namespace AllianceFhir.Smart.Session;

/// <summary>
/// The seam between the launch/session layer (Launch/, Session/) and the features (Features/). A feature endpoint
/// under the patient API group receives the current session; the launch layer guarantees it exists and that the
/// route's patient is the launch patient (else 401/403 before the feature runs).
/// </summary>
public interface ISmartSession
{
    SmartLaunchContext Context { get; }

    /// <summary>
    /// Sends a request to the EHR with the session's access token, refreshing the token first when it is close to
    /// expiry. Relative URIs resolve against <see cref="SmartLaunchContext.FhirBaseUrl"/>. The token never leaves
    /// the server.
    /// </summary>
    HttpClient EhrHttpClient { get; }
}
