using System.Globalization;
using Google.OrTools.Sat;

namespace CertDesk.Domain.Gaps;

/// <summary>One certification a candidate could take: its value (weighted gap closed, in thousandths), its cost (in cents) and how many slots (weeks) it keeps the person away.</summary>
public sealed record PlanOption(int Certification, long Value, long Cost, int DurationSlots);

public sealed record PlanCandidate(int Person, IReadOnlyList<PlanOption> Options);

/// <summary>
/// The cohort problem: each candidate takes at most one of their options, starting at a slot of the window
/// (0 .. Slots-1) and finishing inside it; at no slot are more than <see cref="MaxAway"/> people away; the
/// total cost is within <see cref="Budget"/>; the total value is as large as possible.
/// </summary>
public sealed record CohortProblem(IReadOnlyList<PlanCandidate> Candidates, long Budget, int Slots, int MaxAway)
{
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Budget < 0)
        {
            errors.Add("budget: must not be negative");
        }
        if (Slots < 1)
        {
            errors.Add("window: must hold at least one slot (week)");
        }
        if (MaxAway < 1)
        {
            errors.Add("max_away: at least one person must be allowed away at a time");
        }
        foreach (var c in Candidates)
        {
            foreach (var o in c.Options)
            {
                if (o.Value < 0 || o.Cost < 0 || o.DurationSlots < 1)
                {
                    errors.Add(string.Create(CultureInfo.InvariantCulture, $"candidate {c.Person}, certification {o.Certification}: value and cost must be >= 0 and the duration >= 1 slot"));
                }
            }
        }
        return errors;
    }
}

public enum PlanStatus
{
    /// <summary>Proven optimal: no other assignment closes more weighted gap.</summary>
    Optimal,

    /// <summary>A valid plan found within the time limit; the bound says how far from optimal it can be at most.</summary>
    Feasible,

    /// <summary>No plan satisfies the constraints (cannot happen: the empty plan always does; kept for completeness).</summary>
    Infeasible,

    /// <summary>The time limit ran out before any plan was found.</summary>
    Unknown,
}

public sealed record PlanAssignment(int Person, int Certification, int StartSlot, int DurationSlots, long Value, long Cost);

/// <summary>The solver's answer with its proof: <see cref="Bound"/> is the best value any plan could reach.</summary>
public sealed record CohortPlan(PlanStatus Status, long Value, long Bound, long Cost, IReadOnlyList<PlanAssignment> Assignments, double Seconds)
{
    /// <summary>(bound - value) / bound: 0 when proven optimal.</summary>
    public double RelativeGap => Bound <= 0 ? 0 : (double)(Bound - Value) / Bound;
}

public sealed record PlannerSettings(double TimeLimitSeconds = 30, int Workers = 2);

/// <summary>
/// Solves the cohort problem exactly with CP-SAT (Google OR-Tools): a 0/1 choice per candidate and option,
/// an optional interval per candidate (its start a variable, its length the chosen option's duration), a
/// cumulative constraint for the people away at once, a knapsack constraint for the budget, the total value
/// maximized. Options dominated by another option of the same candidate (no shorter, no cheaper, no more
/// valuable) are dropped first: swapping one for its dominator never breaks a constraint nor lowers the value.
/// </summary>
public static class CohortPlanner
{
    public static CohortPlan Solve(CohortProblem problem, PlannerSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        settings ??= new PlannerSettings();
        var errors = problem.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(problem));
        }

        var model = new CpModel();
        var choices = new List<(PlanCandidate Candidate, PlanOption Option, BoolVar Chosen)>();
        var people = new List<(PlanCandidate Candidate, IntVar Start, IntVar Duration, List<(PlanOption, BoolVar)> Picks)>();
        var cumulative = problem.MaxAway < problem.Candidates.Count ? model.AddCumulative(problem.MaxAway) : null;

        foreach (var candidate in problem.Candidates)
        {
            var usable = Undominated(candidate.Options.Where(o => o.DurationSlots <= problem.Slots && o.Value > 0 && o.Cost <= problem.Budget));
            if (usable.Count == 0)
            {
                continue;
            }
            var picks = new List<(PlanOption, BoolVar)>();
            foreach (var option in usable)
            {
                var chosen = model.NewBoolVar("");
                picks.Add((option, chosen));
                choices.Add((candidate, option, chosen));
            }
            var present = model.NewBoolVar("");
            model.Add(LinearExpr.Sum(picks.Select(p => p.Item2)) == present);
            var durations = usable.Select(o => (long)o.DurationSlots).Append(0).Distinct().Order().ToArray();
            var duration = model.NewIntVarFromDomain(Google.OrTools.Util.Domain.FromValues(durations), "");
            model.Add(LinearExpr.WeightedSum(picks.Select(p => p.Item2), picks.Select(p => (long)p.Item1.DurationSlots)) == duration);
            var start = model.NewIntVar(0, problem.Slots - usable.Min(o => o.DurationSlots), "");
            var end = model.NewIntVar(0, problem.Slots, "");
            if (cumulative is not null)
            {
                var interval = model.NewOptionalIntervalVar(start, duration, end, present, "");
                cumulative.AddDemand(interval, 1);
            }
            else
            {
                model.Add(start + duration == end);
            }
            people.Add((candidate, start, duration, picks));
        }
        if (choices.Count == 0)
        {
            return new CohortPlan(PlanStatus.Optimal, 0, 0, 0, [], 0);
        }
        model.Add(LinearExpr.WeightedSum(choices.Select(c => c.Chosen), choices.Select(c => c.Option.Cost)) <= problem.Budget);
        model.Maximize(LinearExpr.WeightedSum(choices.Select(c => c.Chosen), choices.Select(c => c.Option.Value)));

        using var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture,
                $"max_time_in_seconds:{settings.TimeLimitSeconds} num_workers:{Math.Max(1, settings.Workers)} random_seed:7"),
        };
        var status = solver.Solve(model);
        var seconds = solver.WallTime();
        var planStatus = status switch
        {
            CpSolverStatus.Optimal => PlanStatus.Optimal,
            CpSolverStatus.Feasible => PlanStatus.Feasible,
            CpSolverStatus.Infeasible => PlanStatus.Infeasible,
            _ => PlanStatus.Unknown,
        };
        if (planStatus is PlanStatus.Infeasible or PlanStatus.Unknown)
        {
            return new CohortPlan(planStatus, 0, (long)Math.Floor(solver.BestObjectiveBound), 0, [], seconds);
        }
        var assignments = new List<PlanAssignment>();
        foreach (var (candidate, start, _, picks) in people)
        {
            foreach (var (option, chosen) in picks)
            {
                if (solver.BooleanValue(chosen))
                {
                    assignments.Add(new PlanAssignment(candidate.Person, option.Certification, (int)solver.Value(start), option.DurationSlots, option.Value, option.Cost));
                }
            }
        }
        var value = assignments.Sum(a => a.Value);
        var bound = planStatus == PlanStatus.Optimal ? value : (long)Math.Floor(solver.BestObjectiveBound + 1e-6);
        return new CohortPlan(planStatus, value, Math.Max(bound, value), assignments.Sum(a => a.Cost), assignments, seconds);
    }

    /// <summary>Keeps the options no other option beats on duration, cost and value at once (ties: the first one).</summary>
    public static List<PlanOption> Undominated(IEnumerable<PlanOption> options)
    {
        var list = options.ToList();
        var kept = new List<PlanOption>();
        for (var i = 0; i < list.Count; i++)
        {
            var a = list[i];
            var dominated = false;
            for (var j = 0; j < list.Count && !dominated; j++)
            {
                if (i == j)
                {
                    continue;
                }
                var b = list[j];
                var noWorse = b.DurationSlots <= a.DurationSlots && b.Cost <= a.Cost && b.Value >= a.Value;
                var strictlyBetter = b.DurationSlots < a.DurationSlots || b.Cost < a.Cost || b.Value > a.Value;
                dominated = noWorse && (strictlyBetter || j < i);
            }
            if (!dominated)
            {
                kept.Add(a);
            }
        }
        return kept;
    }

    /// <summary>People away in each slot of a plan (for checks and the page's capacity line).</summary>
    public static int[] AwayPerSlot(IEnumerable<PlanAssignment> assignments, int slots)
    {
        var away = new int[slots];
        foreach (var a in assignments)
        {
            for (var s = a.StartSlot; s < a.StartSlot + a.DurationSlots && s < slots; s++)
            {
                away[s]++;
            }
        }
        return away;
    }
}
