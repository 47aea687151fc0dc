using System.Security.Cryptography;
using System.Text;
using AllianceFhir.Core.Alerts;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Confidentiality;
using AllianceFhir.Core.Resources;
using AllianceFhir.Core.Scoring;
using AllianceFhir.Ehr.WriteBack;
using AllianceFhir.Smart.Features.Catalogue;
using AllianceFhir.Smart.Features.Ehr;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace AllianceFhir.Smart.Features.Questionnaires;

/// <summary>
/// <c>POST /api/patients/{patientId}/responses</c>: takes the QuestionnaireResponse LHC-Forms produced, completes it
/// (subject, author = the launch user, authored, canonical questionnaire, status), validates and scores it with Core,
/// and writes the response, its score Observations and, for a positive self-harm item, the safety alert at once,
/// through the shared write-back. Resubmitting (same <c>Idempotency-Key</c>) finds what the first submission wrote.
/// </summary>
public static class ResponseEndpoint
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>What to do next after a positive self-harm answer: plain steps, never a grade (docs/domain.md §2, PHQ-9 item 9).</summary>
    public const string SafetyMessage = SafetySteps + " A safety alert has been added to the record.";

    /// <summary>The next steps alone, for when the alert could not be written (the page then says so plainly).</summary>
    public const string SafetySteps =
        "The client reported thoughts of self-harm or of being better off dead. Assess risk today: ask directly about " +
        "suicidal thoughts and plans, and follow your service's local safety protocol.";

    /// <summary>What to do when the EHR refused the alert: the team must hear it another way (safe setting: say so, never hide it).</summary>
    public const string AlertNotWrittenAdvice =
        "The safety alert is NOT in the record. Tell the care team directly now (in person or by phone, as your local " +
        "safety protocol says), and note the risk in the record by hand.";

    private static readonly FhirJsonDeserializer Strict = new();

    public static RouteGroupBuilder MapResponses(this RouteGroupBuilder patientApi)
    {
        patientApi.MapPost("/responses", PostAsync).RequireFeature(SmartScopes.Administer).WithServerTiming();
        return patientApi;
    }

    private static async Task<IResult> PostAsync(string patientId, string? instrument, HttpContext context, SmartCatalogue catalogue,
        SessionWriteBack writeBack, TimeProvider time, ConfidentialitySettings confidentiality, CancellationToken ct)
    {
        var json = await ReadLimitedAsync(context.Request, ct);
        if (json is null) return TooLarge();
        var (refused, saved) = await SubmitAsync(json, patientId, instrument, null, context.Request.Headers[IdempotencyHeader].FirstOrDefault(),
            context, catalogue, writeBack, time, confidentiality, ct);
        return refused?.Answer ?? Results.Ok(saved);
    }

    /// <summary>The request body, or null when it is over <see cref="MaxBodyBytes"/> (answer <see cref="TooLarge"/>).</summary>
    internal static async Task<string?> ReadLimitedAsync(HttpRequest request, CancellationToken ct) =>
        request.ContentLength > MaxBodyBytes ? null : await ReadBodyAsync(request.Body, ct);

    internal static IResult TooLarge() =>
        Invalid(OperationOutcomeBuilder.Build("QuestionnaireResponse", "body-too-large",
            $"the body is over {MaxBodyBytes:N0} bytes; a questionnaire response is far smaller: it was not read"), StatusCodes.Status413PayloadTooLarge);

    /// <summary>
    /// The write path of every submission, the clinician's and the client's (<see cref="Portal.PortalEndpoints"/>): parse,
    /// complete (subject, author = the launch user's fhirUser, <c>basedOn</c> = <paramref name="basedOnTask"/> when the
    /// response answers an assigned Task), score, and write the response, its scores and any safety alert. Either the
    /// refusal to answer with (and whether its self-harm item was positive), or what was saved. The body is scored once.
    /// </summary>
    internal static async Task<(SubmissionRefusal? Refused, SubmissionResult? Saved)> SubmitAsync(string json, string patientId, string? instrument, string? basedOnTask,
        string? idempotencyKey, HttpContext context, SmartCatalogue catalogue, SessionWriteBack writeBack, TimeProvider time,
        ConfidentialitySettings confidentiality, CancellationToken ct)
    {
        QuestionnaireResponse response;
        try
        {
            // One JSON value and nothing after it (Firely stops reading at the end of the first object), at most 64 deep.
            using (System.Text.Json.JsonDocument.Parse(json)) { }
            var parsed = Strict.DeserializeResource(json);
            if (parsed is not QuestionnaireResponse qr)
                return (Refused(catalogue, json, OperationOutcomeBuilder.Build("QuestionnaireResponse", "invalid-resource",
                    $"expected a QuestionnaireResponse, got a {parsed.TypeName}", "resourceType")), null);
            response = qr;
        }
        catch (DeserializationFailedException e)
        {
            var reasons = e.Exceptions.Select(x => x.Message).Distinct().Take(3);
            return (Refused(catalogue, json, OperationOutcomeBuilder.Build("QuestionnaireResponse", "invalid-resource",
                $"not a valid QuestionnaireResponse: {string.Join("; ", reasons)}")), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever else the parser throws on an untrusted body is the body's fault: a 400 that says so, never a 500.
            return (Refused(catalogue, json, OperationOutcomeBuilder.Build("QuestionnaireResponse", "invalid-json", $"the body is not FHIR JSON: {Clip(e.Message)}")), null);
        }

        var found = catalogue.Catalogue.Resolve(response.Questionnaire) ?? (instrument is null ? null : catalogue.Catalogue.FindById(instrument));
        if (found is null)
            return (Refused(catalogue, json, OperationOutcomeBuilder.Build("QuestionnaireResponse", "unknown-questionnaire",
                $"questionnaire '{response.Questionnaire ?? instrument}' is not in the catalogue", "QuestionnaireResponse.questionnaire")), null);

        // A submission is a new record: one marked entered-in-error "should not have existed" (docs/domain.md §7), so it is
        // refused, and its item 9 raises nothing.
        if (response.Status == QuestionnaireResponse.QuestionnaireResponseStatus.EnteredInError)
            return (new SubmissionRefusal(Invalid(OperationOutcomeBuilder.Build("QuestionnaireResponse", "status",
                "a response marked entered-in-error cannot be submitted", "QuestionnaireResponse.status")), PositiveSafetySignal: false), null);

        var ehr = SessionEhr.For(context);
        var launch = ehr.Session.Context;
        var now = time.GetUtcNow();
        response.Id = null;
        response.Meta = null;
        response.Questionnaire = found.Version is null ? found.Url : $"{found.Url}|{found.Version}";
        response.Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed;
        response.Subject = new ResourceReference($"Patient/{patientId}");
        response.Author = launch.FhirUser is null ? null : new ResourceReference(Relative(launch.FhirUser, launch.FhirBaseUrl));
        response.AuthoredElement = new FhirDateTime(now);
        if (launch.EncounterId is not null) response.Encounter = new ResourceReference($"Encounter/{launch.EncounterId}");
        // The assigned Task this response answers (SDC task profile, docs/domain.md §8); the Task's output names the response.
        if (basedOnTask is not null) response.BasedOn = [new ResourceReference($"Task/{basedOnTask}")];
        var key = idempotencyKey is { Length: > 0 and <= 200 } k ? k : ContentKey(response, now);
        response.Identifier = new Identifier(CanonicalUrls.ResponseIdentifierSystem, ResourceIds.For("response", $"Patient/{patientId}", found.Id, key));

        // Scored once, before the write: the EHR's id is all the write adds to what the scores and the alert are built from.
        var scored = new ResponseScorer(catalogue.Catalogue).Score(response);
        var positive = scored.HasPositiveSafetySignal;
        if (scored.IsRejected)
        {
            var outcome = OperationOutcomeBuilder.Build("QuestionnaireResponse", scored.Issues.Where(i => i.Severity == IssueSeverity.Error));
            return (new SubmissionRefusal(Invalid(positive ? WithNextSteps(outcome) : outcome), positive), null);
        }

        // A young person's alliance answers carry the security labels, so proxy (parent) access can withhold them (docs/domain.md §9).
        var labelled = ConfidentialityLabels.Covers(found) && await IsYoungPersonAsync(ehr, patientId, now, confidentiality, ct);
        if (labelled) ConfidentialityLabels.Apply(response, confidentiality);

        var (_, written) = await writeBack.WriteAsync(ehr, [response], [], ct);
        var entry = written.FirstOrDefault(w => w.ResourceType == "QuestionnaireResponse");
        if (entry is not { Outcome: WriteOutcome.Created or WriteOutcome.Existed, EhrId: { } responseId })
            return (new SubmissionRefusal(EhrRefused("The EHR did not accept the questionnaire response", entry), positive), null);

        response.Id = responseId;
        var result = scored with { ResponseId = responseId };
        var reference = $"QuestionnaireResponse/{responseId}";
        var observations = result.Scores.Select(s => (Resource)ScoreObservationBuilder.Build(result, s, reference)).ToList();
        if (labelled) observations.ForEach(o => ConfidentialityLabels.Apply(o, confidentiality));
        var safety = AlertPlanner.ForSafety(result, reference);
        var (_, scoresWritten) = await writeBack.WriteAsync(ehr, observations, safety is null ? [] : [safety], ct);
        // The response is in the record from here on: answer 200 whatever the EHR refused after it, so the page
        // never says "not saved" and a safety answer always shows its next steps, with what is missing said plainly.
        var scoresRefused = scoresWritten.FirstOrDefault(w => w.Outcome == WriteOutcome.Failed && w.ResourceType == "Observation");
        return (null, new SubmissionResult(responseId, entry.Outcome == WriteOutcome.Existed, found.Id, found.Title,
            result.Scores.Select(s => new SubmittedScore(s.Scale.Key, s.Value, s.Band?.Display, s.Prorated)).ToList(),
            safety is null ? null : NextSteps(scoresWritten),
            scoresRefused is null, scoresRefused is null ? null : RefusalReason(scoresRefused)));
    }

    /// <summary>Whether the patient was under the configured age today; unreadable (no scope, no Patient) is "unknown".</summary>
    private static async Task<bool> IsYoungPersonAsync(SessionEhr ehr, string patientId, DateTimeOffset now, ConfidentialitySettings settings, CancellationToken ct)
    {
        if (settings.YoungPersonAgeLimit <= 0) return false;
        string? birthDate;
        try
        {
            birthDate = (await ehr.ReadAsync<Patient>("Patient", patientId, ct))?.BirthDate;
        }
        catch (EhrRequestException)
        {
            birthDate = null;
        }
        return ConfidentialityLabels.IsYoungPerson(birthDate, now, settings);
    }

    /// <summary>
    /// The issue code of the information issue a refused submission carries when its item 9 is positive: the page shows
    /// the next steps from it (the response was not saved, so no alert was written; the clinician is told what to do).
    /// </summary>
    public const string NextStepsCode = "safety-next-steps";

    /// <summary>A body refused before it could be scored: its safety item is still read from the raw JSON (docs/adr/0001).</summary>
    private static SubmissionRefusal Refused(SmartCatalogue catalogue, string json, OperationOutcome outcome)
    {
        var positive = new ResponseScorer(catalogue.Catalogue).ScoreUnparsed(json, new ScoringIssue(IssueSeverity.Error, "refused", "refused", "")).HasPositiveSafetySignal;
        return new SubmissionRefusal(Invalid(positive ? WithNextSteps(outcome) : outcome), positive);
    }

    private static OperationOutcome WithNextSteps(OperationOutcome outcome)
    {
        outcome.Issue.Add(new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Information, Code = OperationOutcome.IssueType.Informational,
            Details = new CodeableConcept { Text = NextStepsCode },
            Diagnostics = "Item 9 was answered above 0: " + SafetySteps,
        });
        return outcome;
    }

    private static SafetyNextSteps NextSteps(IReadOnlyList<LedgerEntry> written)
    {
        var alert = written.FirstOrDefault(w => w.ResourceType is "Flag" or "Task" or "Communication" or "Alert");
        if (alert is { Outcome: WriteOutcome.Created or WriteOutcome.Existed })
            return new SafetyNextSteps(SafetyMessage, alert.ResourceType, alert.EhrId, true, null, null);
        var reason = alert is null ? "the EHR gave no answer for it" : RefusalReason(alert);
        return new SafetyNextSteps(SafetySteps, null, null, false, reason, AlertNotWrittenAdvice);
    }

    /// <summary>A short reason from a refused write: the EHR's OperationOutcome texts, or write-back's own sentence.</summary>
    private static string RefusalReason(LedgerEntry entry)
    {
        var status = entry.StatusCode is { } code ? $" (HTTP {code})" : "";
        if (entry.OperationOutcome is not { Length: > 0 } text) return $"the EHR refused the {entry.ResourceType}{status}";
        if (text.TrimStart().StartsWith('{') && SessionEhr.Deserializer.TryDeserializeResource(text, out var resource, out _) && resource is OperationOutcome oo)
        {
            var said = oo.Issue.Select(i => i.Diagnostics ?? i.Details?.Text).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct().Take(3).ToList();
            return $"the EHR refused the {entry.ResourceType}{status}" + (said.Count > 0 ? ": " + string.Join("; ", said) : "");
        }
        return text;
    }

    private static IResult Invalid(OperationOutcome outcome, int status = StatusCodes.Status400BadRequest) =>
        Results.Text(SessionEhr.Serializer.SerializeToString(outcome), SessionEhr.MediaType, statusCode: status);

    /// <summary>
    /// The largest body read: 4 MiB. A PHQ-9 from LHC-Forms is a few kilobytes and even a 10,000-item response is about
    /// 1 MB (measured on the bench's inputs; unverified beyond them), so a larger body is refused unread (issue 10 §2).
    /// </summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>The body as text (a UTF-8 byte-order mark dropped, invalid UTF-8 as U+FFFD), or null when over <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<string?> ReadBodyAsync(Stream body, CancellationToken ct)
    {
        using var held = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        try
        {
            while ((read = await body.ReadAsync(chunk, ct)) > 0)
            {
                if (held.Length + read > MaxBodyBytes) return null;
                held.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null; // over the server's own limit (Kestrel's MaxRequestBodySize) before ours
        }
        held.Position = 0;
        using var reader = new StreamReader(held, Encoding.UTF8);
        return await reader.ReadToEndAsync(ct);
    }

    private static string Clip(string s) => s.Length <= 300 ? s : s[..300] + "…";

    private static IResult EhrRefused(string title, LedgerEntry? entry) => entry?.OperationOutcome is { } oo
        ? Results.Text(oo, SessionEhr.MediaType, statusCode: StatusCodes.Status422UnprocessableEntity)
        : Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: title, detail: entry is null ? "No answer for it." : $"Status {entry.StatusCode}.");

    /// <summary>Without a client key: the same answers on the same day are the same submission.</summary>
    private static string ContentKey(QuestionnaireResponse response, DateTimeOffset now)
    {
        var items = SessionEhr.Serializer.SerializeToString(new QuestionnaireResponse { Item = response.Item });
        return $"{now:yyyy-MM-dd}|{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(items)))}";
    }

    private static string Relative(string fhirUser, Uri fhirBase)
    {
        var root = fhirBase.AbsoluteUri.TrimEnd('/') + "/";
        return fhirUser.StartsWith(root, StringComparison.Ordinal) ? fhirUser[root.Length..] : fhirUser;
    }
}
