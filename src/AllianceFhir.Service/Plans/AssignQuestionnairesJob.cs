using AllianceFhir.Service.Ingest;
using Hangfire;

namespace AllianceFhir.Service.Plans;

/// <summary>
/// assign-questionnaires (<c>MeasurementPlans:Cron</c>, hourly by default): assigns the questionnaires due under each
/// patient's measurement plan as SDC Tasks, completes and expires them, sends reminders. Safe to run twice: every Task
/// and reminder has a deterministic identifier, and a revision equal to what was written sends nothing.
/// </summary>
public sealed class AssignQuestionnairesJob(IEhrEndpoint ehr, QuestionnaireAssigner assigner)
{
    public const string JobId = "assign-questionnaires";

    [DisableConcurrentExecution(timeoutInSeconds: 30 * 60)]
    [AutomaticRetry(Attempts = 3)]
    public async Task<string> RunAsync(CancellationToken ct) => (await assigner.RunAsync(ehr, ct)).ToString();
}
