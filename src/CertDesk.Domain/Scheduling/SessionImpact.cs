using System.Globalization;
using CertDesk.Domain.Staffing;

namespace CertDesk.Domain.Scheduling;

/// <summary>One queue in one interval, with and without the attendees on the floor.</summary>
/// <param name="Required">The fewest agents meeting the queue's targets (Erlang C, or Erlang A with patience).</param>
public sealed record QueueImpact(
    string Queue,
    decimal Calls,
    int Required,
    int Scheduled,
    int Removed,
    double ServiceLevelBefore,
    double ServiceLevelAfter,
    double? AsaBefore,
    double? AsaAfter,
    double OccupancyAfter,
    double? AbandonAfter,
    double Target)
{
    public int ScheduledAfter => Scheduled - Removed;

    /// <summary>Expected contacts answered late (or abandoned) because of the session: calls x (SL before − SL after).</summary>
    public double LateCalls => (double)Calls * (ServiceLevelBefore - ServiceLevelAfter);
}

/// <summary>One coverage group in one interval: supervisors on the floor against the rule, with the attendees off.</summary>
public sealed record CoverageImpact(string Group, int AgentsAfter, int SupervisorsBefore, int SupervisorsAfter, int Required)
{
    /// <summary>Agents per supervisor on the floor with the attendees off (null without supervisors).</summary>
    public double? RatioAfter => SupervisorsAfter > 0 ? (double)AgentsAfter / SupervisorsAfter : null;

    public bool Short => SupervisorsAfter < Required;

    /// <summary>Supervisors on the floor beyond what the rule needs (negative when short).</summary>
    public int Spare => SupervisorsAfter - Required;
}

/// <summary>A session's effect in one interval, its verdict and the reasons for it.</summary>
/// <param name="BreaksHardRule">Coverage below the rule, a queue below its service-level floor, or an attendee not free:
/// the best-slot search never offers such an interval.</param>
public sealed record IntervalImpact(
    DateTime StartUtc,
    IReadOnlyList<QueueImpact> Queues,
    IReadOnlyList<CoverageImpact> Coverage,
    Verdict Verdict,
    bool BreaksHardRule,
    IReadOnlyList<string> Reasons)
{
    public double LateCalls => Queues.Sum(q => q.LateCalls);

    /// <summary>The fewest spare supervisors over the coverage groups (null without a rule).</summary>
    public int? SpareSupervisors => Coverage.Count == 0 ? null : Coverage.Min(c => c.Spare);

    /// <summary>Σ calls x ΔASA (seconds of extra waiting); an unstable queue counts an hour per call.</summary>
    public double WaitCost => Queues.Sum(q => (double)q.Calls * ((q.AsaAfter ?? SessionImpact.UnstableAsaSeconds) - (q.AsaBefore ?? SessionImpact.UnstableAsaSeconds)));
}

/// <summary>
/// The impact of taking a session's attendees off the floor, interval by interval (shared/reference/wfm.md 5 and 6.3):
/// each queue's service level and ASA at the scheduled agents N and at N − removed, the coverage of each group, and a
/// verdict. Pure: no clock, no I/O.
/// </summary>
public static class SessionImpact
{
    /// <summary>The ASA charged for an unstable queue (agents &lt;= traffic under Erlang C) in the wait cost.</summary>
    public const double UnstableAsaSeconds = 3600;

    public static IntervalImpact Evaluate(SchedulingProblem problem, int interval)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var state = problem.Intervals[interval];
        var rules = problem.Rules;
        var reasons = new List<string>();
        var verdict = Verdict.Fine;
        var hard = false;
        if (state.AttendeeConflict is { } conflict)
        {
            reasons.Add(conflict);
            hard = true;
        }

        var queues = new QueueImpact[problem.Queues.Count];
        for (var q = 0; q < queues.Length; q++)
        {
            var spec = problem.Queues[q];
            var load = state.Queues[q];
            var removed = Math.Min(problem.Removal.AgentsByQueue[q], Math.Max(load.Agents, 0));
            var impact = Queue(spec, load, removed, problem.IntervalSeconds);
            queues[q] = impact;
            if (load.Calls == 0 || removed == 0)
            {
                continue; // a queue the attendees do not serve is not the session's doing
            }
            var target = (double)spec.Targets.ServiceLevel;
            var occupancyBroken = spec.Targets.MaxOccupancy is { } m && impact.OccupancyAfter > (double)m;
            if (impact.ServiceLevelAfter < target || occupancyBroken)
            {
                verdict = Verdict.BreaksTarget;
                var occupancy = occupancyBroken
                    ? string.Create(CultureInfo.InvariantCulture, $"; occupancy {impact.OccupancyAfter:P0} above {(double)spec.Targets.MaxOccupancy!.Value:P0}")
                    : "";
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{spec.Name}: service level {impact.ServiceLevelAfter:P1} with {removed} off the floor ({impact.ServiceLevelBefore:P1} without), target {target:P0}; {impact.ScheduledAfter} agents for {impact.Required} required{occupancy}"));
                if (impact.ServiceLevelAfter < target - (double)rules.ServiceLevelFloorMargin)
                {
                    hard = true;
                }
            }
            else if (impact.ServiceLevelAfter < target + (double)rules.AtRiskMargin)
            {
                verdict = Max(verdict, Verdict.AtRisk);
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{spec.Name}: service level {impact.ServiceLevelAfter:P1} is within {(double)rules.AtRiskMargin:P0} of the target {target:P0}"));
            }
        }

        var coverage = new CoverageImpact[problem.Coverage.Count];
        for (var g = 0; g < coverage.Length; g++)
        {
            var spec = problem.Coverage[g];
            var load = state.Coverage[g];
            var agentsAfter = Math.Max(0, load.Agents - problem.Removal.AgentsByGroup[g]);
            var supervisorsAfter = Math.Max(0, load.Supervisors - problem.Removal.SupervisorsByGroup[g]);
            var impact = new CoverageImpact(spec.Name, agentsAfter, load.Supervisors, supervisorsAfter, spec.Required(agentsAfter));
            coverage[g] = impact;
            if (impact.SupervisorsAfter == impact.Required && problem.Removal.SupervisorsByGroup[g] > 0 && impact.Required > 0)
            {
                verdict = Max(verdict, Verdict.AtRisk);
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{spec.Name}: exactly the {impact.Required} supervisor(s) the rule needs, none to spare"));
            }
            if (impact.Short)
            {
                verdict = Verdict.BreaksTarget;
                hard = true;
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{spec.Name}: {supervisorsAfter} supervisor(s) on the floor for {agentsAfter} agents; the rule (1 per {spec.AgentsPerSupervisor}, at least {spec.MinimumSupervisors}) needs {impact.Required}"));
            }
        }
        if (hard)
        {
            verdict = Verdict.BreaksTarget;
        }
        return new IntervalImpact(state.StartUtc, queues, coverage, verdict, hard, reasons);
    }

    /// <summary>The queue's figures at N and N − removed agents.</summary>
    public static QueueImpact Queue(QueueSpec spec, QueueLoad load, int removed, decimal intervalSeconds)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var target = (double)spec.Targets.ServiceLevel;
        if (load.Calls == 0)
        {
            return new QueueImpact(spec.Name, 0, 0, load.Agents, removed, 1, 1, 0, 0, 0, spec.Targets.PatienceSeconds is null ? null : 0, target);
        }
        var required = StaffingSolver.Solve(load.Calls, intervalSeconds, load.AhtSeconds, spec.Targets).Agents;
        var traffic = (double)load.Calls * (double)load.AhtSeconds / (double)intervalSeconds;
        var before = Figures(spec, traffic, (double)load.AhtSeconds, load.Agents);
        var after = Figures(spec, traffic, (double)load.AhtSeconds, load.Agents - removed);
        return new QueueImpact(spec.Name, load.Calls, required, load.Agents, removed, before.Sl, after.Sl, before.Asa, after.Asa,
            after.Occupancy, after.Abandon, target);
    }

    private static (double Sl, double? Asa, double Occupancy, double? Abandon) Figures(QueueSpec spec, double traffic, double aht, int agents)
    {
        var t = spec.Targets.TargetSeconds;
        if (spec.Targets.PatienceSeconds is { } patience)
        {
            if (agents <= 0)
            {
                return (0, null, 1, 1);
            }
            var a = ErlangA.FromTraffic(traffic, agents, aht, t, patience);
            return (a.ServiceLevel, a.AsaSeconds, a.Occupancy, a.ProbAbandon);
        }
        if (agents <= 0)
        {
            return (0, null, 1, null);
        }
        var c = ErlangC.FromTraffic(traffic, agents, aht, t);
        return (c.ServiceLevel, c.AsaSeconds, c.Occupancy, null);
    }

    private static Verdict Max(Verdict a, Verdict b) => a > b ? a : b;
}
