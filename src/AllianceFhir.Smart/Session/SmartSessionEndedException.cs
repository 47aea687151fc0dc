namespace AllianceFhir.Smart.Session;

/// <summary>
/// The EHR session cannot go on (no session, or the token could not be refreshed): the user must launch again. The
/// app answers 401 with a problem+json body saying so, and forgets the session.
/// </summary>
public sealed class SmartSessionEndedException(string reason, Exception? inner = null) : Exception(reason, inner);
