using CertDesk.Domain.Staffing;

namespace CertDesk.Domain.Scheduling;

/// <summary>A queue as the scheduler sees it: its name and its targets (service level, max occupancy, patience).</summary>
public sealed record QueueSpec(string Name, StaffingTargets Targets);

/// <summary>A supervisor coverage rule over one group of people (a team or a site): at least one supervisor on the
/// floor per <paramref name="AgentsPerSupervisor"/> agents, and never fewer than <paramref name="MinimumSupervisors"/>
/// while any agent is on the floor.</summary>
public sealed record CoverageSpec(string Name, int AgentsPerSupervisor, int MinimumSupervisors)
{
    /// <summary>Supervisors the rule needs for this many agents on the floor (integers only: no float trap).</summary>
    public int Required(int agentsOnFloor) =>
        agentsOnFloor <= 0 ? 0 : Math.Max(MinimumSupervisors, (agentsOnFloor + AgentsPerSupervisor - 1) / AgentsPerSupervisor);
}

/// <summary>One queue in one interval: forecast contacts and handle time, and the agents scheduled on the floor for it.</summary>
public readonly record struct QueueLoad(decimal Calls, decimal AhtSeconds, int Agents);

/// <summary>One coverage group in one interval: agents and supervisors on the floor.</summary>
public readonly record struct CoverageLoad(int Agents, int Supervisors);

/// <summary>
/// One interval of the grid: its start (UTC), the load of every queue and coverage group (same order as the problem's
/// lists), whether a session may start here, and why the attendees cannot all be in class then (null when they can).
/// </summary>
public sealed record IntervalState(
    DateTime StartUtc,
    IReadOnlyList<QueueLoad> Queues,
    IReadOnlyList<CoverageLoad> Coverage,
    string? AttendeeConflict = null,
    bool CanStart = true);

/// <summary>What the attendees take off the floor: agents per queue, agents and supervisors per coverage group.</summary>
public sealed record Removal(IReadOnlyList<int> AgentsByQueue, IReadOnlyList<int> AgentsByGroup, IReadOnlyList<int> SupervisorsByGroup);

/// <summary>The thresholds of the verdicts.</summary>
/// <param name="AtRiskMargin">Service level within this much above the target is "at risk" (default 2 points).</param>
/// <param name="ServiceLevelFloorMargin">Hard rule: a session may not take a queue more than this much below its
/// service-level target (default 5 points); a best slot never does.</param>
public sealed record SchedulingRules(decimal AtRiskMargin = 0.02m, decimal ServiceLevelFloorMargin = 0.05m)
{
    public static SchedulingRules Default { get; } = new();
}

/// <summary>Everything the impact and the slot search need: the queues, coverage rules, the grid and the removal.</summary>
public sealed record SchedulingProblem(
    IReadOnlyList<QueueSpec> Queues,
    IReadOnlyList<CoverageSpec> Coverage,
    IReadOnlyList<IntervalState> Intervals,
    Removal Removal,
    int IntervalMinutes = 15)
{
    public SchedulingRules Rules { get; init; } = SchedulingRules.Default;

    public decimal IntervalSeconds => IntervalMinutes * 60m;
}
