namespace CertDesk.Domain.Staffing;

/// <summary>Erlang C (M/M/N) figures for one interval. <see cref="AsaSeconds"/> is null when the queue is
/// unstable (agents &lt;= traffic): then every contact waits, none within the target, and the wait grows without bound.</summary>
public readonly record struct ErlangCResult(
    double TrafficErlangs,
    double ProbWait,
    double ServiceLevel,
    double? AsaSeconds,
    double Occupancy)
{
    public bool IsStable => AsaSeconds.HasValue;
}

/// <summary>
/// Erlang C for one interval (reference: shared/reference/wfm.md section 2). Computed from the forward Erlang B
/// recursion, so every intermediate value stays in (0, 1): no factorial or power, any number of agents.
/// </summary>
public static class ErlangC
{
    /// <summary>Offered load in erlangs: contacts per interval x AHT / interval length.</summary>
    public static double Traffic(double calls, double intervalSeconds, double ahtSeconds) => calls * ahtSeconds / intervalSeconds;

    /// <summary>Erlang B blocking probability B(N, A) by the forward recursion B_k = A·B_{k−1} / (k + A·B_{k−1}).</summary>
    public static double ErlangB(int agents, double traffic)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(agents);
        if (!(traffic >= 0) || double.IsInfinity(traffic))
        {
            throw new ArgumentOutOfRangeException(nameof(traffic), traffic, "Traffic must be a finite non-negative number.");
        }

        double b = 1;
        for (var k = 1; k <= agents; k++)
        {
            var ab = traffic * b;
            b = ab / (k + ab);
        }
        return b;
    }

    /// <summary>Erlang C for <paramref name="agents"/> agents, from the interval's contacts, length and AHT.</summary>
    public static ErlangCResult Compute(double calls, double intervalSeconds, double ahtSeconds, int agents, double targetSeconds)
    {
        StaffingInputs.Check(calls, intervalSeconds, ahtSeconds, targetSeconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(agents, 1);
        var traffic = Traffic(calls, intervalSeconds, ahtSeconds);
        return FromTraffic(traffic, agents, ahtSeconds, targetSeconds);
    }

    /// <summary>Erlang C for <paramref name="agents"/> agents at <paramref name="traffic"/> erlangs.</summary>
    public static ErlangCResult FromTraffic(double traffic, int agents, double ahtSeconds, double targetSeconds)
    {
        if (agents <= traffic)
        {
            return Unstable(traffic);
        }
        return FromBlocking(traffic, agents, ErlangB(agents, traffic), ahtSeconds, targetSeconds);
    }

    /// <summary>The result of an unstable queue (agents &lt;= traffic): all wait, none within the target, every agent busy.</summary>
    public static ErlangCResult Unstable(double traffic) => new(traffic, 1, 0, null, 1);

    /// <summary>Erlang C from a known Erlang B value; agents must exceed traffic.</summary>
    internal static ErlangCResult FromBlocking(double traffic, int agents, double blocking, double ahtSeconds, double targetSeconds)
    {
        var gap = agents - traffic;
        // C = N·B / (N − A·(1 − B)) = N·B / (gap + A·B): a sum of positives, no cancellation.
        var probWait = agents * blocking / (gap + traffic * blocking);
        var serviceLevel = 1 - probWait * Math.Exp(-gap * targetSeconds / ahtSeconds);
        var asa = probWait * ahtSeconds / gap;
        return new ErlangCResult(traffic, probWait, serviceLevel, asa, traffic / agents);
    }
}
