namespace CertDesk.Domain.Scheduling;

/// <summary>A candidate start for a session: its verdict, its cost and the reasons.</summary>
/// <param name="LateCalls">Σ over its intervals and queues of calls x (SL before − SL after): contacts answered late
/// because of the session (the score, lower is better).</param>
/// <param name="WaitCost">Σ calls x ΔASA in seconds (the tie-breaker).</param>
/// <param name="Allowed">False when any interval breaks a hard rule; <see cref="Reasons"/> say which.</param>
/// <param name="SpareSupervisors">The fewest supervisors beyond the coverage rule in any of its intervals (null without a rule).</param>
public sealed record SlotCandidate(int StartIndex, DateTime StartUtc, Verdict Verdict, double LateCalls, double WaitCost, int? SpareSupervisors, bool Allowed, IReadOnlyList<string> Reasons);

/// <summary>The slots a session may take, best first, and those refused with their reasons.</summary>
public sealed record SlotRanking(IReadOnlyList<SlotCandidate> Ranked, IReadOnlyList<SlotCandidate> Refused);

/// <summary>
/// Best slots for a session of a given length (shared/reference/wfm.md 6.3): every start the grid allows whose
/// intervals are consecutive, ranked by verdict (fine, at risk, breaks a target), then by contacts answered late,
/// then by extra waiting, then by spare supervisors (more is better), then earliest; a slot breaking a hard rule (coverage, service-level floor, an attendee not
/// free) is never ranked. Each interval is evaluated once and its cost reused by every slot covering it.
/// </summary>
public static class SlotSearch
{
    public static SlotRanking Rank(SchedulingProblem problem, int lengthIntervals)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentOutOfRangeException.ThrowIfLessThan(lengthIntervals, 1);
        var intervals = problem.Intervals;
        var cache = new IntervalImpact?[intervals.Count];
        IntervalImpact At(int i) => cache[i] ??= SessionImpact.Evaluate(problem, i);
        return Collect(problem, lengthIntervals, At);
    }

    /// <summary>True when intervals start..start+length−1 exist and follow each other without a gap.</summary>
    public static bool IsContiguous(IReadOnlyList<IntervalState> intervals, int start, int length, int intervalMinutes)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        if (start < 0 || start + length > intervals.Count)
        {
            return false;
        }
        var step = TimeSpan.FromMinutes(intervalMinutes);
        for (var i = start + 1; i < start + length; i++)
        {
            if (intervals[i].StartUtc - intervals[i - 1].StartUtc != step)
            {
                return false;
            }
        }
        return true;
    }

    private static SlotRanking Collect(SchedulingProblem problem, int length, Func<int, IntervalImpact> impactAt)
    {
        var ranked = new List<SlotCandidate>();
        var refused = new List<SlotCandidate>();
        var intervals = problem.Intervals;
        for (var start = 0; start + length <= intervals.Count; start++)
        {
            if (!intervals[start].CanStart || !IsContiguous(intervals, start, length, problem.IntervalMinutes))
            {
                continue;
            }
            var verdict = Verdict.Fine;
            var allowed = true;
            double late = 0, wait = 0;
            int? spare = null;
            var reasons = new List<string>();
            var hardCount = 0;
            for (var i = start; i < start + length; i++)
            {
                var impact = impactAt(i);
                late += impact.LateCalls;
                wait += impact.WaitCost;
                if (impact.SpareSupervisors is { } free && (spare is null || free < spare))
                {
                    spare = free;
                }
                if (impact.Verdict > verdict)
                {
                    verdict = impact.Verdict;
                }
                if (impact.BreaksHardRule)
                {
                    allowed = false;
                }
                foreach (var reason in impact.Reasons)
                {
                    if (!reasons.Contains(reason))
                    {
                        // What refuses the slot comes first.
                        if (impact.BreaksHardRule)
                        {
                            reasons.Insert(hardCount++, reason);
                        }
                        else
                        {
                            reasons.Add(reason);
                        }
                    }
                }
            }
            var candidate = new SlotCandidate(start, intervals[start].StartUtc, verdict, late, wait, spare, allowed, reasons);
            (allowed ? ranked : refused).Add(candidate);
        }
        ranked.Sort(Compare);
        return new SlotRanking(ranked, refused);
    }

    /// <summary>Verdict, then contacts answered late, then extra waiting, then more spare supervisors, then the earlier start.</summary>
    public static int Compare(SlotCandidate? x, SlotCandidate? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var c = x.Verdict.CompareTo(y.Verdict);
        if (c != 0)
        {
            return c;
        }
        c = x.LateCalls.CompareTo(y.LateCalls);
        if (c != 0)
        {
            return c;
        }
        c = x.WaitCost.CompareTo(y.WaitCost);
        if (c != 0)
        {
            return c;
        }
        c = (y.SpareSupervisors ?? int.MaxValue).CompareTo(x.SpareSupervisors ?? int.MaxValue);
        return c != 0 ? c : x.StartUtc.CompareTo(y.StartUtc);
    }
}
