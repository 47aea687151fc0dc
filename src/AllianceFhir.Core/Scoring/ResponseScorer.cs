using System.Runtime.CompilerServices;
using AllianceFhir.Core.Catalogue;
using AllianceFhir.Core.Scoring.Input;
using Hl7.Fhir.Model;

namespace AllianceFhir.Core.Scoring;

/// <summary>
/// Scores a QuestionnaireResponse against the catalogue: totals, subscales, bands, proration. Safety is read apart,
/// tolerantly, by <see cref="SafetyReader"/>: a positive item 9 survives whatever else rejects the response.
/// </summary>
public sealed class ResponseScorer(InstrumentCatalogue catalogue, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private readonly SafetyReader _safety = new(catalogue);

    /// <summary>A response whose JSON did not parse as FHIR: rejected with <paramref name="rejection"/>, its safety item read from the raw JSON.</summary>
    public ScoringResult ScoreUnparsed(string json, ScoringIssue rejection)
    {
        var read = _safety.ReadUnparsed(json, rejection);
        // Not a patient: the result names none, so a positive item 9 is the "review by hand" issue, never a misfiled alert.
        return ResponseEnvelope.IsPatient(read.PatientReference) ? read : read with { PatientReference = null };
    }

    public ScoringResult Score(QuestionnaireResponse response) => Score(ResponseInput.From(response));

    /// <summary>Scores Core's input model: the one scoring path for parsed resources and for lines read by <see cref="ResponseInputReader"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ScoringResult Score(ResponseInput response)
    {
        // Per-thread scratch (issue 12: no issue list, answer dictionary or seen set per line): taken for the call, so
        // a call re-entered on the thread gets its own; nothing returned references it (issues are copied out).
        var scratch = _scratch ?? new Scratch();
        _scratch = null;
        var result = Score(response, scratch);
        scratch.Clear();
        _scratch = scratch;
        return result;
    }

    [ThreadStatic]
    private static Scratch? _scratch;

    private sealed class Scratch
    {
        public readonly List<ScoringIssue> Issues = [];
        public readonly Dictionary<string, ItemAnswer> Answers = new(StringComparer.Ordinal);
        public readonly HashSet<string> Seen = new(StringComparer.Ordinal);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Clear()
        {
            Issues.Clear();
            Answers.Clear();
            Seen.Clear();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ScoringResult Score(ResponseInput response, Scratch scratch)
    {
        var issues = scratch.Issues;
        var patient = response.Subject;
        var authored = response.Authored;

        var status = response.Status;
        if (status is not ("completed" or "amended"))
            issues.Add(Error("status", $"status is '{(status is { Length: > 40 } ? status[..40] + "…" : status ?? "(missing)")}'; only completed or amended responses are scored", "QuestionnaireResponse.status"));
        if (string.IsNullOrEmpty(patient))
            issues.Add(Error("no-subject", "subject is missing: the response cannot be attributed to a patient", "QuestionnaireResponse.subject"));
        else if (!ResponseEnvelope.IsPatient(patient))
        {
            issues.Add(Error("subject-not-patient", $"subject is a {SubjectType(patient)}, not a Patient: the response cannot be attributed to a patient", "QuestionnaireResponse.subject"));
            patient = null; // the safety alert is unattributable: the caller raises the "review by hand" issue
        }
        if (authored is null)
            issues.Add(Error("no-authored", "authored is missing: the response cannot be placed in time", "QuestionnaireResponse.authored"));
        else if (ResponseEnvelope.AuthoredProblem(authored.Value, _time.GetUtcNow()) is { } implausible)
            issues.Add(Error("authored-implausible", implausible, "QuestionnaireResponse.authored"));

        var instrument = catalogue.Resolve(response.Questionnaire);
        var safetyRead = _safety.Read(response, instrument);
        var safety = safetyRead.Signal;
        if (instrument is null)
        {
            issues.Add(Error("unknown-questionnaire", $"questionnaire '{response.Questionnaire ?? "(missing)"}' is not in the catalogue", "QuestionnaireResponse.questionnaire"));
            // The instrument is the one whose safety item was read by its code, if any: the response stays rejected.
            return new ScoringResult(response.Id, safetyRead.Instrument, patient, authored, response.Author, [], safety, [.. issues, .. safetyRead.Issues]);
        }

        var answers = scratch.Answers;
        ReadAnswers(instrument, response, issues, answers, scratch.Seen);
        if (issues.Count > 0)
            return new ScoringResult(response.Id, instrument, patient, authored, response.Author, [], safety, [.. issues, .. safetyRead.Issues]);

        var scores = new ScaleScore[instrument.Scales.Count];
        var scored = 0;
        var rejected = false;
        for (var s = 0; s < instrument.Scales.Count; s++)
        {
            var scale = instrument.Scales[s];
            var score = ScoreScale(instrument, scale, answers);
            if (score is null)
            {
                var missing = 0;
                for (var i = 0; i < scale.ItemLinkIds.Count; i++)
                    if (!answers.ContainsKey(scale.ItemLinkIds[i])) missing++;
                var severity = scale.Key == instrument.TotalScale.Key ? IssueSeverity.Error : IssueSeverity.Warning;
                rejected |= severity == IssueSeverity.Error;
                issues.Add(new ScoringIssue(severity, "too-many-missing",
                    $"{instrument.Title} {scale.Key}: {missing} of {scale.ItemLinkIds.Count} items missing; at most {scale.MaxMissingItems} may be missing",
                    "QuestionnaireResponse.item"));
            }
            else scores[scored++] = score;
        }

        IReadOnlyList<ScaleScore> kept = rejected || scored == 0 ? [] : scored == scores.Length ? scores : scores[..scored];
        return new ScoringResult(response.Id, instrument, patient, authored, response.Author, kept, safety,
            issues.Count == 0 && safetyRead.Issues.Count == 0 ? [] : [.. issues, .. safetyRead.Issues])
        {
            InformantReference = ResponseInformant.RelatedPersonOf(response.Author, response.Source),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadAnswers(Instrument instrument, ResponseInput response, List<ScoringIssue> issues,
        Dictionary<string, ItemAnswer> answers, HashSet<string> seen)
    {
        Walk(response.Items, "QuestionnaireResponse");

        // An item's path (QuestionnaireResponse.item[i]…) is built only when an issue names it or its children are walked.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void Walk(IReadOnlyList<ItemInput> items, string path)
        {
            for (var i = 0; i < items.Count; i++)
            {
                var qrItem = items[i];
                var item = FindItem(instrument, qrItem.LinkId);
                if (item is null)
                {
                    issues.Add(Error("unknown-item", $"linkId '{qrItem.LinkId}' is not an item of {instrument.Title}", At(path, i)));
                    continue;
                }
                if (!seen.Add(item.LinkId))
                {
                    issues.Add(Error("duplicate-item", $"item '{item.LinkId}' appears more than once", At(path, i)));
                    continue;
                }
                if (item.Kind is ItemKind.Coded or ItemKind.Numeric && qrItem.Answers.Count > 0)
                {
                    if (qrItem.Answers.Count > 1)
                    {
                        // The response is rejected; the safety reader takes the highest answer (a 3 beside a 0 is never lost).
                        issues.Add(Error("multiple-answers", $"item '{item.LinkId}' has {qrItem.Answers.Count} answers; one is expected", At(path, i)));
                        continue;
                    }
                    var (ordinal, display, issue) = AnswerResolver.Resolve(instrument, item, qrItem.Answers[0].Value, "");
                    if (issue is not null) issues.Add(issue with { Location = $"{At(path, i)}.answer[0]" });
                    else if (ordinal is not null) answers[item.LinkId] = new ItemAnswer(item, ordinal.Value, display);
                }
                if (qrItem.Items.Count > 0) Walk(qrItem.Items, At(path, i));
                for (var a = 0; a < qrItem.Answers.Count; a++)
                    if (qrItem.Answers[a].Items.Count > 0) Walk(qrItem.Answers[a].Items, $"{At(path, i)}.answer[{a}]");
            }
        }
    }

    private static string At(string path, int index) => $"{path}.item[{index}]";

    /// <summary>By linkId, else by item code: LHC-Forms renders LOINC forms with linkIds like "/44250-9".</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static InstrumentItem? FindItem(Instrument instrument, string? linkId)
    {
        if (string.IsNullOrEmpty(linkId)) return null;
        if (instrument.FindItemByLinkId(linkId) is { } byLinkId) return byLinkId;
        var code = linkId.AsSpan(linkId.LastIndexOf('/') + 1);
        return code.Length > 0 ? instrument.FindItemByCode(code) : null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ScaleScore? ScoreScale(Instrument instrument, ScaleDefinition scale, Dictionary<string, ItemAnswer> answers)
    {
        // Sum, count and whether every answer is a whole coded ordinal (Prorate's precision), without a list (issue 12).
        var sum = 0m;
        var answered = 0;
        var wholeCoded = true;
        for (var i = 0; i < scale.ItemLinkIds.Count; i++) // indexed: no boxed enumerator per scale (issue 12)
            if (answers.TryGetValue(scale.ItemLinkIds[i], out var answer))
            {
                answered++;
                sum += answer.Ordinal;
                wholeCoded &= answer.Item.Kind == ItemKind.Coded && answer.Ordinal == decimal.Truncate(answer.Ordinal);
            }
        var missing = scale.ItemLinkIds.Count - answered;
        if (answered == 0 || missing > scale.MaxMissingItems) return null;

        var value = missing == 0 ? sum : Prorate(sum, answered, wholeCoded, scale.ItemLinkIds.Count);
        return new ScaleScore(scale, value, answered, missing, missing > 0, instrument.BandFor(scale.Key, value));
    }

    /// <summary>
    /// Mean of the answered items times the number of items (the usual PHQ-9 / GAD-7 convention;
    /// docs/domain.md §2: no primary source, so how many items may be missing is a per-scale setting in the
    /// profile). Rounded half away from zero to the precision of the answers: whole numbers for coded items.
    /// </summary>
    private static decimal Prorate(decimal sum, int answered, bool wholeCoded, int itemCount) =>
        Math.Round(sum * itemCount / answered, wholeCoded ? 0 : 1, MidpointRounding.AwayFromZero);

    /// <summary>The type named by a reference ("Group" of "Group/7"), never its id (no patient data in issues).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string SubjectType(string reference)
    {
        var parts = reference.Split('/');
        var at = Array.IndexOf(parts, "_history");
        var typeAt = (at >= 2 ? at : parts.Length) - 2;
        return typeAt >= 0 && parts[typeAt].Length > 0 ? parts[typeAt] : "reference with no type";
    }

    private static ScoringIssue Error(string code, string message, string location) => new(IssueSeverity.Error, code, message, location);
}
