namespace CertDesk.Domain.Staffing;

/// <summary>One interval of a forecast: contacts (may be fractional) and average handle time in seconds.</summary>
public readonly record struct ForecastInterval(decimal Calls, decimal AhtSeconds);

/// <summary>The fewest agents meeting the targets, and the figures at that number of agents.</summary>
/// <param name="ProbAbandon">Erlang A only (null under Erlang C).</param>
public readonly record struct StaffingResult(
    int Agents,
    int StaffWithShrinkage,
    double TrafficErlangs,
    double ProbWait,
    double ServiceLevel,
    double? AsaSeconds,
    double Occupancy,
    double? ProbAbandon);

/// <summary>
/// Fewest agents N with service level >= target and occupancy &lt;= maximum (shared/reference/wfm.md 2.3 and 3.4),
/// then staff = ceil(N / (1 − shrinkage)). Integer thresholds (N > traffic, N >= traffic / max occupancy,
/// staff >= N / (1 − shrinkage)) are decided in exact decimal arithmetic on the inputs, never in doubles.
/// </summary>
/// <remarks>
/// Zero contacts need zero agents: the result is 0 agents and 0 staff with service level 1, ASA 0 and occupancy 0.
/// Erlang C search: service level rises with N above the traffic, so the search starts at the first candidate
/// (the smallest N above the traffic, or the occupancy bound if higher), gets 1/B(N, A) there by summing the Poisson
/// terms downward from N (about √A terms, not N), then steps up one agent at a time with the Erlang B recursion in
/// inverse form (one multiply-add per agent). Nothing is allocated.
/// Erlang A search: service level rises and occupancy falls with N; exponential search then bisection.
/// </remarks>
public static class StaffingSolver
{
    /// <summary>Largest traffic accepted, in erlangs (keeps agent counts well inside <see cref="int"/>).</summary>
    public const double MaxTraffic = 1_000_000;

    /// <summary>The fewest agents for one interval.</summary>
    public static StaffingResult Solve(decimal calls, decimal intervalSeconds, decimal ahtSeconds, StaffingTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        CheckInterval(intervalSeconds);
        return SolveOne(calls, ahtSeconds, intervalSeconds, OccupancyCapacity(targets, intervalSeconds), targets);
    }

    /// <summary>The fewest agents for every interval of a forecast (all of the same length), into <paramref name="results"/>.</summary>
    public static void SolveMany(ReadOnlySpan<ForecastInterval> intervals, decimal intervalSeconds, StaffingTargets targets, Span<StaffingResult> results)
    {
        ArgumentNullException.ThrowIfNull(targets);
        CheckInterval(intervalSeconds);
        if (results.Length < intervals.Length)
        {
            throw new ArgumentException("The results span is shorter than the intervals.", nameof(results));
        }

        var occupancyCapacity = OccupancyCapacity(targets, intervalSeconds);
        for (var i = 0; i < intervals.Length; i++)
        {
            results[i] = SolveOne(intervals[i].Calls, intervals[i].AhtSeconds, intervalSeconds, occupancyCapacity, targets);
        }
    }

    /// <summary>Scheduled staff: the smallest S with S x (1 − shrinkage) >= agents, in exact decimal arithmetic.</summary>
    public static int StaffWithShrinkage(int agents, decimal? shrinkage)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(agents);
        if (shrinkage is not { } s || s == 0)
        {
            return agents;
        }
        if (s is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(shrinkage), shrinkage, "Shrinkage is a fraction >= 0 and < 1.");
        }
        return checked((int)SmallestAtLeast(agents, 1 - s));
    }

    private static void CheckInterval(decimal intervalSeconds)
    {
        if (intervalSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(intervalSeconds), intervalSeconds, "The interval must be > 0 seconds.");
        }
    }

    // Seconds of work one agent may carry in an interval under the occupancy cap (0 when there is no cap).
    private static decimal OccupancyCapacity(StaffingTargets targets, decimal intervalSeconds)
        => targets.MaxOccupancy is { } m ? m * intervalSeconds : 0;

    private static StaffingResult SolveOne(decimal calls, decimal ahtSeconds, decimal intervalSeconds, decimal occupancyCapacity, StaffingTargets targets)
    {
        if (calls < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(calls), calls, "Contacts must be >= 0.");
        }
        if (ahtSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ahtSeconds), ahtSeconds, "AHT must be > 0 seconds.");
        }

        var traffic = (double)calls * (double)ahtSeconds / (double)intervalSeconds;
        if (traffic > MaxTraffic)
        {
            throw new ArgumentOutOfRangeException(nameof(calls), calls, "Traffic above 1,000,000 erlangs is not supported.");
        }
        var patience = targets.PatienceSeconds;
        if (calls == 0)
        {
            return new StaffingResult(0, 0, 0, 0, 1, 0, 0, patience is null ? null : 0);
        }

        var workload = calls * ahtSeconds;
        // Occupancy A/N <= m  <=>  N·m·T >= calls·AHT.
        var occupancyBound = occupancyCapacity > 0 ? (int)SmallestAtLeast(workload, occupancyCapacity) : 0;
        var aht = (double)ahtSeconds;

        int agents;
        StaffingResult result;
        if (patience is { } p)
        {
            (agents, var a) = SolveErlangA(traffic, aht, targets, p);
            result = new StaffingResult(agents, 0, traffic, a.ProbWait, a.ServiceLevel, a.AsaSeconds, a.Occupancy, a.ProbAbandon);
        }
        else
        {
            // N > A  <=>  N·T > calls·AHT.
            var stableFrom = (int)SmallestAbove(workload, intervalSeconds);
            var c = SolveErlangC(traffic, aht, targets.TargetSeconds, (double)targets.ServiceLevel, Math.Max(stableFrom, occupancyBound));
            agents = c.Agents;
            result = new StaffingResult(agents, 0, traffic, c.Result.ProbWait, c.Result.ServiceLevel, c.Result.AsaSeconds, c.Result.Occupancy, null);
        }
        return result with { StaffWithShrinkage = StaffWithShrinkage(agents, targets.Shrinkage) };
    }

    private readonly record struct ErlangCSolution(int Agents, ErlangCResult Result);

    private static ErlangCSolution SolveErlangC(double traffic, double aht, double targetSeconds, double serviceLevel, int start)
    {
        var n = Math.Max(1, start);
        var inverseTraffic = 1 / traffic;
        var inverseBlocking = InverseErlangB(n, traffic);
        var decay = targetSeconds / aht;
        while (true)
        {
            var gap = n - traffic;
            if (gap > 0)
            {
                // C = N / (gap / B + A); SL = 1 − C·e^(−gap·t/h).
                var probWait = n / (gap * inverseBlocking + traffic);
                var sl = 1 - probWait * Math.Exp(-gap * decay);
                if (sl >= serviceLevel)
                {
                    return new ErlangCSolution(n, ErlangC.FromBlocking(traffic, n, 1 / inverseBlocking, aht, targetSeconds));
                }
            }
            n++;
            inverseBlocking = 1 + n * inverseTraffic * inverseBlocking;
        }
    }

    /// <summary>1/B(N, A) = Σ_{k=0..N} Π_{i=0..k−1} (N−i)/A, summed from k = 0 until the remaining terms are negligible.</summary>
    internal static double InverseErlangB(int agents, double traffic)
    {
        var inverseTraffic = 1 / traffic;
        double sum = 1, term = 1;
        for (var k = 1; k <= agents; k++)
        {
            var ratio = (agents - k + 1) * inverseTraffic;
            term *= ratio;
            sum += term;
            // Later ratios are smaller than this one: the tail is below term·ratio/(1 − ratio).
            if (ratio < 1 && term * ratio <= 1e-17 * (1 - ratio) * sum)
            {
                break;
            }
        }
        return sum;
    }

    private static (int Agents, ErlangAResult Result) SolveErlangA(double traffic, double aht, StaffingTargets targets, double patience)
    {
        var serviceLevel = (double)targets.ServiceLevel;
        var maxOccupancy = targets.MaxOccupancy is { } m ? (double)m : double.PositiveInfinity;
        var target = targets.TargetSeconds;

        bool Meets(int n, out ErlangAResult r)
        {
            r = ErlangA.FromTraffic(traffic, n, aht, target, patience);
            return r.ServiceLevel >= serviceLevel && r.Occupancy <= maxOccupancy;
        }

        // Exponential search for a passing N, then bisection between the last failing and the first passing.
        var failing = 0;
        var passing = Math.Max(1, (int)Math.Ceiling(traffic));
        ErlangAResult best;
        while (!Meets(passing, out best))
        {
            failing = passing;
            passing = checked(passing * 2);
        }
        while (passing - failing > 1)
        {
            var mid = failing + ((passing - failing) / 2);
            if (Meets(mid, out var r))
            {
                passing = mid;
                best = r;
            }
            else
            {
                failing = mid;
            }
        }
        return (passing, best);
    }

    // Smallest non-negative integer N with N·unit > amount (unit > 0), exactly.
    private static long SmallestAbove(decimal amount, decimal unit)
    {
        var n = Math.Max(0, (long)Math.Floor((double)amount / (double)unit));
        while (n > 0 && (n - 1) * unit > amount)
        {
            n--;
        }
        while (n * unit <= amount)
        {
            n++;
        }
        return n;
    }

    // Smallest non-negative integer N with N·unit >= amount (unit > 0), exactly.
    private static long SmallestAtLeast(decimal amount, decimal unit)
    {
        var n = Math.Max(0, (long)Math.Ceiling((double)amount / (double)unit));
        while (n > 0 && (n - 1) * unit >= amount)
        {
            n--;
        }
        while (n * unit < amount)
        {
            n++;
        }
        return n;
    }
}
