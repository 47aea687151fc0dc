using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AllianceFhir.State;

/// <summary>Registers the state store: its options (validated on start) and the database with its stores.</summary>
public static class StateServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>State</c> (<see cref="StateOptions"/>), registers <see cref="StateDatabase"/>, <see cref="StateMigrator"/>
    /// (the host runs it before it starts) and every store. Safe to call from several area registrations.
    /// </summary>
    public static IServiceCollection AddState(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StateOptions>().BindConfiguration(StateOptions.Section)
            .Validate(o => Enum.IsDefined(o.Provider), $"{StateOptions.Section}:{nameof(StateOptions.Provider)} must be Sqlite or Postgres")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), $"{StateOptions.Section}:{nameof(StateOptions.ConnectionString)} is required")
            .ValidateOnStart();
        services.TryAddSingleton<StateDatabase>();
        services.TryAddSingleton<StateMigrator>();
        services.TryAddSingleton<CheckpointStore>();
        services.TryAddSingleton<LedgerStore>();
        services.TryAddSingleton<ProvenanceTargetStore>();
        services.TryAddSingleton<QuarantineStore>();
        services.TryAddSingleton<InboxStore>();
        services.TryAddSingleton<ScorePointStore>();
        services.TryAddSingleton<RunStore>();
        services.TryAddSingleton<ScoredResponseQuery>();
        services.TryAddSingleton<ScoredResponseStore>();
        services.TryAddSingleton<PatientAlertStore>();
        return services;
    }
}
