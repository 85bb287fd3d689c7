namespace CertDesk.Domain.Staffing;

/// <summary>Erlang A (M/M/N+M) figures for one interval (definitions: shared/reference/wfm.md section 3.2).</summary>
/// <param name="ProbWait">P(an arrival finds every agent busy), abandoners included.</param>
/// <param name="ProbAbandon">P(an arrival abandons before being answered).</param>
/// <param name="ServiceLevel">Answered within the target / offered (abandoned contacts count against it).</param>
/// <param name="AsaSeconds">Mean wait of answered contacts.</param>
/// <param name="Occupancy">Carried load / agents = traffic x (1 − P(abandon)) / agents.</param>
public readonly record struct ErlangAResult(
    double TrafficErlangs,
    double ProbWait,
    double ProbAbandon,
    double ServiceLevel,
    double AsaSeconds,
    double Occupancy);

/// <summary>
/// Erlang A: Erlang C with exponentially distributed patience (mean p). Always stable, so agents &lt;= traffic is allowed.
/// </summary>
/// <remarks>
/// With a = N·p/h and y = A·p/h, the waiting states have weights q_k = Π_{i=1..k} y/(a+i) relative to state N, and the
/// states below N sum (relative to N) to 1/B − 1 with B the Erlang B value. Every figure is a ratio of sums of positive
/// terms (no cancellation): P(wait) = Σq / (1/B − 1 + Σq); P(abandon) from Σ k·q_k (rate balance θ·E[Q] = λ·P(ab));
/// answered after waiting from Σ q_k·a/(a+k+1); the answered wait from the sums of 1/(Nμ + iθ) ahead of each caller.
/// The service level uses the closed form of the incomplete gamma function written as the same series with
/// y·e^(−t/p) in place of y. Sums are rescaled when they grow large, so no term overflows.
/// </remarks>
public static class ErlangA
{
    private const double RescaleAbove = 1e250;
    private const double RescaleFactor = 1e-250;
    private static readonly double LogRescale = 250 * Math.Log(10);
    private const double TailTolerance = 1e-18;
    private const int MaxTerms = 200_000_000;

    /// <summary>Erlang A for <paramref name="agents"/> agents, from the interval's contacts, length, AHT and mean patience.</summary>
    public static ErlangAResult Compute(double calls, double intervalSeconds, double ahtSeconds, int agents, double targetSeconds, double patienceSeconds)
    {
        StaffingInputs.Check(calls, intervalSeconds, ahtSeconds, targetSeconds);
        StaffingInputs.CheckPatience(patienceSeconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(agents, 1);
        var traffic = ErlangC.Traffic(calls, intervalSeconds, ahtSeconds);
        return FromTraffic(traffic, agents, ahtSeconds, targetSeconds, patienceSeconds);
    }

    /// <summary>Erlang A for <paramref name="agents"/> agents at <paramref name="traffic"/> erlangs.</summary>
    public static ErlangAResult FromTraffic(double traffic, int agents, double ahtSeconds, double targetSeconds, double patienceSeconds)
        => FromBlocking(traffic, agents, ErlangC.ErlangB(agents, traffic), ahtSeconds, targetSeconds, patienceSeconds);

    internal static ErlangAResult FromBlocking(double traffic, int agents, double blocking, double ahtSeconds, double targetSeconds, double patienceSeconds)
    {
        if (blocking == 0)
        {
            // No traffic (or so little that all-busy underflows): nobody waits.
            return new ErlangAResult(traffic, 0, 0, 1, 0, traffic / agents);
        }

        var ratio = patienceSeconds / ahtSeconds; // μ/θ
        var a = agents * ratio;                   // N·μ/θ
        var y = traffic * ratio;                  // λ/θ
        var belowN = (1 - blocking) / blocking;   // Σ_{j<N} π_j / π_N

        var main = SumWaitingStates(a, y);
        var scaledBelow = belowN * Math.Exp(-main.LogScale);
        var norm = 1 / (main.States + scaledBelow);

        var probWait = main.States * norm;
        var probAbandon = main.Queue / y * norm;
        var answeredScaled = scaledBelow + main.AnsweredAfterWait;
        var asa = patienceSeconds * main.AnsweredWait / answeredScaled;

        // Waiting callers answered only after the target: a·e^X·Σ q'_k/(a+k+1), q' with y' = y·e^(−θt),
        // X = −(a+1)·θt + y·(1 − e^(−θt)).
        var thetaT = targetSeconds / patienceSeconds;
        double answeredLate = 0;
        if (thetaT > 0)
        {
            var late = SumLateAnswers(a, y * Math.Exp(-thetaT));
            var exponent = -(a + 1) * thetaT - y * ExpMinusOne(-thetaT) + late.LogScale - main.LogScale;
            answeredLate = late.Sum == 0 ? 0 : a * late.Sum * Math.Exp(exponent);
        }
        else
        {
            answeredLate = main.AnsweredAfterWait;
        }

        var serviceLevel = Math.Max(0, (answeredScaled - answeredLate) * norm);
        var occupancy = traffic * answeredScaled * norm / agents;
        return new ErlangAResult(traffic, probWait, probAbandon, Math.Min(1, serviceLevel), asa, occupancy);
    }

    /// <summary>e^x − 1 without cancellation for small x (Kahan's method; the BCL's ExpM1 is computed as Exp(x) − 1).</summary>
    internal static double ExpMinusOne(double x)
    {
        var u = Math.Exp(x);
        if (u == 1)
        {
            return x;
        }
        var um1 = u - 1;
        if (um1 == -1)
        {
            return -1;
        }
        return um1 * x / Math.Log(u);
    }

    private readonly record struct WaitingSums(double States, double Queue, double AnsweredAfterWait, double AnsweredWait, double LogScale);

    private readonly record struct LateSum(double Sum, double LogScale);

    /// <summary>Σ q_k, Σ k·q_k, Σ q_k·a/(a+k+1), Σ q_k·a/(a+k+1)·Σ_{i=1..k+1} 1/(a+i), all times e^(−LogScale).</summary>
    private static WaitingSums SumWaitingStates(double a, double y)
    {
        double q = 1, states = 0, queue = 0, answered = 0, answeredWait = 0, harmonic = 0, logScale = 0;
        for (var k = 0; k < MaxTerms; k++)
        {
            var next = a + k + 1;
            var served = a / next;
            harmonic += 1 / next;
            states += q;
            queue += k * q;
            answered += q * served;
            answeredWait += q * served * harmonic;

            var step = y / next;
            q *= step;
            if (q > RescaleAbove)
            {
                q *= RescaleFactor;
                states *= RescaleFactor;
                queue *= RescaleFactor;
                answered *= RescaleFactor;
                answeredWait *= RescaleFactor;
                logScale += LogRescale;
            }
            if (step < 1)
            {
                // Past the peak the terms fall at least geometrically with ratio step (and faster after):
                // bound the tails of the unweighted, k-weighted and harmonic-weighted sums.
                var tail = 1 / (1 - step);
                var weight = (k + 2 + tail) * tail;
                if (q * tail <= TailTolerance * states
                    && q * weight <= TailTolerance * queue
                    && q * weight * tail <= TailTolerance * answeredWait * next)
                {
                    return new WaitingSums(states, queue, answered, answeredWait, logScale);
                }
            }
        }
        throw new InvalidOperationException("Erlang A series did not converge.");
    }

    /// <summary>Σ q'_k / (a+k+1) with q'_k = Π_{i=1..k} y/(a+i), times e^(−LogScale).</summary>
    private static LateSum SumLateAnswers(double a, double y)
    {
        double q = 1, sum = 0, logScale = 0;
        for (var k = 0; k < MaxTerms; k++)
        {
            var next = a + k + 1;
            sum += q / next;
            var step = y / next;
            q *= step;
            if (q > RescaleAbove)
            {
                q *= RescaleFactor;
                sum *= RescaleFactor;
                logScale += LogRescale;
            }
            if (step < 1 && q / (1 - step) <= TailTolerance * sum * next)
            {
                return new LateSum(sum, logScale);
            }
            if (q == 0)
            {
                return new LateSum(sum, logScale);
            }
        }
        throw new InvalidOperationException("Erlang A series did not converge.");
    }
}
