using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
/// staff >= N / (1 − shrinkage)) are exact: decided on the double quotient only when it is clear of a whole number
/// by far more than its rounding error, otherwise in decimal (or whole-number) arithmetic on the inputs.
/// </summary>
/// <remarks>
/// Zero contacts need zero agents: the result is 0 agents and 0 staff with service level 1, ASA 0 and occupancy 0.
/// Erlang C search: service level rises with N above the traffic, so the search starts at the first candidate
/// (the smallest N above the traffic, or the occupancy bound if higher), gets 1/B(N, A) there by summing the Poisson
/// terms downward from N (about gap + 9√A terms, not N; four intervals side by side in one vector in
/// <see cref="SolveMany"/>), then steps up one agent at a time with the Erlang B recursion in inverse form (one
/// multiply-add per agent, and one multiply for the e^(−gap·t/h) factor). Nothing is allocated per interval.
/// Erlang A search: service level rises and occupancy falls with N; exponential search then bisection.
/// Speed: bench/RESULTS.md (a year of 20 queues in about 30 ms on one core).
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
        return SolveOne(calls, ahtSeconds, new Plan(intervalSeconds, targets));
    }

    /// <summary>The fewest agents for every interval of a forecast (all of the same length), into <paramref name="results"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // vector code ReadyToRun leaves to the JIT: compiled optimized at once, not as unoptimized code first
    public static void SolveMany(ReadOnlySpan<ForecastInterval> intervals, decimal intervalSeconds, StaffingTargets targets, Span<StaffingResult> results)
    {
        ArgumentNullException.ThrowIfNull(targets);
        CheckInterval(intervalSeconds);
        if (results.Length < intervals.Length)
        {
            throw new ArgumentException("The results span is shorter than the intervals.", nameof(results));
        }

        var plan = new Plan(intervalSeconds, targets);
        var i = 0;
        if (targets.PatienceSeconds is null && Vector256.IsHardwareAccelerated)
        {
            // Erlang C four intervals at a time: the 1/B(N, A) sums, most of the work, run side by side in one vector.
            Span<ErlangCStart> starts = stackalloc ErlangCStart[Lanes];
            for (; i + Lanes <= intervals.Length; i += Lanes)
            {
                for (var lane = 0; lane < Lanes; lane++)
                {
                    starts[lane] = PrepareErlangC(intervals[i + lane].Calls, intervals[i + lane].AhtSeconds, plan);
                }
                var inverseBlocking = InverseErlangB(
                    Vector256.Create(starts[0].SumAgents, starts[1].SumAgents, starts[2].SumAgents, starts[3].SumAgents),
                    Vector256.Create(starts[0].SumTraffic, starts[1].SumTraffic, starts[2].SumTraffic, starts[3].SumTraffic));
                for (var lane = 0; lane < Lanes; lane++)
                {
                    results[i + lane] = FinishErlangC(starts[lane], inverseBlocking.GetElement(lane), plan);
                }
            }
        }
        for (; i < intervals.Length; i++)
        {
            results[i] = SolveOne(intervals[i].Calls, intervals[i].AhtSeconds, plan);
        }
    }

    /// <summary>Scheduled staff: the smallest S with S x (1 − shrinkage) >= agents, exactly.</summary>
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
        var keep = 1 - s;
        return checked((int)SmallestAtLeast(agents / (double)keep, agents, keep));
    }

    private static void CheckInterval(decimal intervalSeconds)
    {
        if (intervalSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(intervalSeconds), intervalSeconds, "The interval must be > 0 seconds.");
        }
    }

    /// <summary>Everything about the targets and the interval length that does not change from one interval to the next.</summary>
    private sealed class Plan
    {
        public Plan(decimal intervalSeconds, StaffingTargets targets)
        {
            Targets = targets;
            IntervalSeconds = intervalSeconds;
            Interval = (double)intervalSeconds;
            // Seconds of work one agent may carry in an interval under the occupancy cap (0 when there is no cap).
            OccupancyCapacity = targets.MaxOccupancy is { } m ? m * intervalSeconds : 0;
            OccupancyCapacityDouble = (double)OccupancyCapacity;
            Keep = 1 - (targets.Shrinkage ?? 0);
            KeepDouble = (double)Keep;
            NoShrinkage = Keep == 1;
            TargetSeconds = targets.TargetSeconds;
            if (Keep.Scale <= 9)
            {
                _keepDenominator = (long)Math.Pow(10, Keep.Scale);
                _keepNumerator = (long)(Keep * _keepDenominator);
            }
            ServiceLevel = (double)targets.ServiceLevel;
        }

        public StaffingTargets Targets { get; }

        public decimal IntervalSeconds { get; }

        public double Interval { get; }

        public decimal OccupancyCapacity { get; }

        public double OccupancyCapacityDouble { get; }

        /// <summary>1 − shrinkage: the share of scheduled staff available to take contacts.</summary>
        public decimal Keep { get; }

        public double KeepDouble { get; }

        public bool NoShrinkage { get; }

        public double TargetSeconds { get; }

        // e^(−t/h) for the last AHT seen: a queue's intervals usually share their AHT.
        private double _lastAht = double.NaN;
        private double _lastStepDecay;

        public double StepDecay(double aht)
        {
            if (aht != _lastAht)
            {
                _lastAht = aht;
                _lastStepDecay = Math.Exp(-(TargetSeconds / aht));
            }
            return _lastStepDecay;
        }

        // 1 − shrinkage as a whole number over a power of ten (0.7 = 7/10) when it has at most 9 decimals, so that
        // ceil(agents / keep) is one exact integer division; 0 when it has more decimals.
        private readonly long _keepNumerator;
        private readonly long _keepDenominator;

        public int StaffFor(int agents)
            => _keepNumerator > 0
                ? checked((int)((((long)agents * _keepDenominator) + _keepNumerator - 1) / _keepNumerator))
                : checked((int)SmallestAtLeast(agents / KeepDouble, agents, Keep));

        public double ServiceLevel { get; }
    }

    private static StaffingResult SolveOne(decimal calls, decimal ahtSeconds, Plan plan)
    {
        var patience = plan.Targets.PatienceSeconds;
        if (patience is null)
        {
            var start = PrepareErlangC(calls, ahtSeconds, plan);
            return FinishErlangC(start, start.NoContacts ? 1 : InverseErlangB(start.Agents, start.Traffic), plan);
        }
        var (traffic, aht) = CheckedTraffic(calls, ahtSeconds, plan);
        if (calls == 0)
        {
            return new StaffingResult(0, 0, 0, 0, 1, 0, 0, 0);
        }
        var (agents, a) = SolveErlangA(traffic, aht, plan.Targets, patience.Value);
        var result = new StaffingResult(agents, 0, traffic, a.ProbWait, a.ServiceLevel, a.AsaSeconds, a.Occupancy, a.ProbAbandon);
        return WithStaff(result, plan);
    }

    private const int Lanes = 4;

    /// <summary>Where an interval's Erlang C search starts: the first candidate N (0 agents when there are no contacts).</summary>
    private readonly record struct ErlangCStart(int Agents, double Traffic, double Aht)
    {
        public bool NoContacts => Agents == 0;

        // The lane values for the vector 1/B sum: an interval without contacts gets a harmless 1 agent at 1 erlang.
        public double SumAgents => NoContacts ? 1 : Agents;

        public double SumTraffic => NoContacts ? 1 : Traffic;
    }

    private static (double Traffic, double Aht) CheckedTraffic(decimal calls, decimal ahtSeconds, Plan plan)
    {
        var aht = (double)ahtSeconds;
        var c = (double)calls;
        if (c < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(calls), calls, "Contacts must be >= 0.");
        }
        if (aht <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ahtSeconds), ahtSeconds, "AHT must be > 0 seconds.");
        }
        var traffic = c * aht / plan.Interval;
        if (traffic > MaxTraffic)
        {
            throw new ArgumentOutOfRangeException(nameof(calls), calls, "Traffic above 1,000,000 erlangs is not supported.");
        }
        return (traffic, aht);
    }

    private static ErlangCStart PrepareErlangC(decimal calls, decimal ahtSeconds, Plan plan)
    {
        var (traffic, aht) = CheckedTraffic(calls, ahtSeconds, plan);
        if (traffic == 0)
        {
            return new ErlangCStart(0, 0, aht);
        }
        var workload = traffic * plan.Interval;
        // Occupancy A/N <= m  <=>  N·m·T >= calls·AHT;  N > A  <=>  N·T > calls·AHT.
        var occupancyBound = plan.OccupancyCapacity > 0
            ? (int)SmallestAtLeast(workload / plan.OccupancyCapacityDouble, calls, ahtSeconds, plan.OccupancyCapacity)
            : 0;
        var stableFrom = (int)SmallestAbove(traffic, calls, ahtSeconds, plan.IntervalSeconds);
        return new ErlangCStart(Math.Max(1, Math.Max(stableFrom, occupancyBound)), traffic, aht);
    }

    private static StaffingResult FinishErlangC(ErlangCStart start, double inverseBlocking, Plan plan)
        => start.NoContacts
            ? new StaffingResult(0, 0, 0, 0, 1, 0, 0, null)
            : WithStaff(SolveErlangC(start.Traffic, start.Aht, plan.TargetSeconds, plan.ServiceLevel, plan.StepDecay(start.Aht), start.Agents, inverseBlocking), plan);

    private static StaffingResult WithStaff(StaffingResult result, Plan plan)
    {
        var staff = plan.NoShrinkage ? result.Agents : plan.StaffFor(result.Agents);
        return result with { StaffWithShrinkage = staff };
    }

    // The search starts at n (> 0) where 1/B(n, A) is already known.
    private static StaffingResult SolveErlangC(double traffic, double aht, double targetSeconds, double serviceLevel, double stepDecay, int n, double inverseBlocking)
    {
        var inverseTraffic = 1 / traffic;
        var decay = targetSeconds / aht;
        // e^(−(N−A)·t/h), carried from one N to the next by one multiply instead of one exp per step.
        var tail = Math.Exp(-(n - traffic) * decay);
        while (true)
        {
            var gap = n - traffic;
            if (gap > 0)
            {
                // C = N / (gap / B + A); SL = 1 − C·e^(−gap·t/h).
                var probWait = n / (gap * inverseBlocking + traffic);
                var serviceLevelHere = 1 - probWait * tail;
                if (serviceLevelHere >= serviceLevel)
                {
                    return new StaffingResult(n, 0, traffic, probWait, serviceLevelHere, probWait * aht / gap, traffic / n, null);
                }
            }
            n++;
            inverseBlocking = 1 + n * inverseTraffic * inverseBlocking;
            tail *= stepDecay;
        }
    }

    /// <summary>1/B(N, A) = Σ_{k=0..N} Π_{i=0..k−1} (N−i)/A, summed from k = 0 until the remaining terms are negligible.</summary>
    /// <remarks>
    /// The terms rise while (N−i) > A and then fall off like a bell of width √A, so about gap + 9√A of them matter.
    /// Four terms per round from one product of four ratios: the chain of dependent multiplies is a quarter as long,
    /// which is what bounds the speed here (each term still carries only a few roundings).
    /// </remarks>
    internal static double InverseErlangB(int agents, double traffic)
    {
        var inverseTraffic = 1 / traffic;
        double sum = 1, term = 1;
        double next = agents; // N − i for the next ratio: exact in a double
        while (true)
        {
            var r0 = next * inverseTraffic;
            var r1 = (next - 1) * inverseTraffic;
            var r2 = (next - 2) * inverseTraffic;
            var r3 = (next - 3) * inverseTraffic;
            var t0 = term * r0;
            var t1 = t0 * r1;
            var r01 = r0 * r1;
            var t2 = term * (r01 * r2);
            var t3 = term * (r01 * (r2 * r3));
            // Past N the ratios reach 0: the terms stay 0 from there (negative ratios only multiply zeros).
            sum += (t0 + t1) + (t2 + t3);
            term = t3;
            next -= 4;
            // Later ratios are smaller than r3: the tail is below t3·r4/(1 − r4) with r4 = (next)·(1/A) < r3.
            var r4 = next * inverseTraffic;
            if (r4 <= 0 || (r4 < 1 && term * r4 <= 1e-17 * (1 - r4) * sum))
            {
                return sum;
            }
        }
    }

    /// <summary>
    /// <see cref="InverseErlangB(int, double)"/> for four (N, A) pairs at once, with the same operations lane by lane.
    /// A lane whose sum is complete keeps adding terms below 1e-17 of its sum until every lane is complete: each is below
    /// half a unit in the last place, so the result is bit for bit the scalar one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // vector code ReadyToRun leaves to the JIT: compiled optimized at once, not as unoptimized code first
    internal static Vector256<double> InverseErlangB(Vector256<double> agents, Vector256<double> traffic)
    {
        var one = Vector256<double>.One;
        var inverseTraffic = one / traffic;
        var sum = one;
        var term = one;
        var next = agents;
        var negligible = Vector256.Create(1e-17);
        var four = Vector256.Create(4.0);
        var two = Vector256.Create(2.0);
        var three = Vector256.Create(3.0);
        while (true)
        {
            var r0 = next * inverseTraffic;
            var r1 = (next - one) * inverseTraffic;
            var r2 = (next - two) * inverseTraffic;
            var r3 = (next - three) * inverseTraffic;
            var t0 = term * r0;
            var t1 = t0 * r1;
            var r01 = r0 * r1;
            var t2 = term * (r01 * r2);
            var t3 = term * (r01 * (r2 * r3));
            sum += (t0 + t1) + (t2 + t3);
            term = t3;
            next -= four;
            var r4 = next * inverseTraffic;
            var done = Vector256.LessThanOrEqual(r4, Vector256<double>.Zero)
                | (Vector256.LessThan(r4, one) & Vector256.LessThanOrEqual(term * r4, negligible * (one - r4) * sum));
            if (Vector256.EqualsAll(done.AsInt64(), Vector256<long>.AllBitsSet))
            {
                return sum;
            }
        }
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

    // The integer thresholds below are decided on the double quotient, which is within a few units in the last place
    // of the exact one; only when it lies within 1e-9 of a whole number is the exact decimal arithmetic needed
    // (decimal operations cost tens of nanoseconds, more than the rest of an interval's work).
    private const double NearWhole = 1e-9;

    private static bool IsNearWhole(double quotient) => Math.Abs(quotient - Math.Round(quotient)) <= NearWhole * Math.Max(1, quotient);

    // Smallest non-negative integer N with N·unit > calls·aht (unit > 0); quotient ≈ calls·aht/unit.
    private static long SmallestAbove(double quotient, decimal calls, decimal aht, decimal unit)
    {
        if (!IsNearWhole(quotient))
        {
            return (long)Math.Floor(quotient) + 1;
        }
        var amount = calls * aht;
        var n = Math.Max(0, (long)Math.Round(quotient) - 1);
        while (n * unit <= amount)
        {
            n++;
        }
        return n;
    }

    // Smallest non-negative integer N with N·unit >= calls·aht (unit > 0); quotient ≈ calls·aht/unit.
    private static long SmallestAtLeast(double quotient, decimal calls, decimal aht, decimal unit)
        => IsNearWhole(quotient) ? SmallestAtLeast(quotient, calls * aht, unit) : (long)Math.Ceiling(quotient);

    // Smallest non-negative integer N with N·unit >= amount (unit > 0); quotient ≈ amount/unit.
    private static long SmallestAtLeast(double quotient, decimal amount, decimal unit)
    {
        if (!IsNearWhole(quotient))
        {
            return (long)Math.Ceiling(quotient);
        }

        var n = Math.Max(0, (long)Math.Round(quotient) - 1);
        while (n * unit < amount)
        {
            n++;
        }
        return n;
    }
}
