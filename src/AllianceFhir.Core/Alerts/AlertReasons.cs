using System.Runtime.CompilerServices;

namespace AllianceFhir.Core.Alerts;

/// <summary>The reason code, display and priority of each alert kind (one place, so an alert rebuilt from the store matches the one first written).</summary>
public static class AlertReasons
{
    public const string SafetyCode = "safety-self-harm";
    public const string RuptureCode = "alliance-rupture";
    public const string NotOnTrackCode = "not-on-track";
    public const string EscalationCode = "alert-escalation";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Display(AlertKind kind) => kind switch
    {
        AlertKind.Safety => "Safety: thoughts of self-harm reported",
        AlertKind.AllianceRupture => "Alliance rupture: consider a check-in",
        _ => "Not on track: consider reviewing the plan",
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static AlertPriority Priority(AlertKind kind) => kind == AlertKind.Safety ? AlertPriority.Stat : AlertPriority.Routine;
}
