using CertDesk.Domain.Staffing;

namespace CertDesk.Benchmarks;

/// <summary>
/// The straightforward implementation to compare against: for each interval, try N = 1, 2, ... and evaluate the
/// textbook Erlang C for each N from scratch (Erlang B recursion from 0, so O(N²) per interval).
/// Exact-decimal ceilings as in the product, so both give the same answers.
/// </summary>
public static class NaiveStaffing
{
    public static void SolveMany(ReadOnlySpan<ForecastInterval> intervals, decimal intervalSeconds, StaffingTargets targets, Span<int> agents, Span<int> staff)
    {
        var sl = (double)targets.ServiceLevel;
        var maxOccupancy = targets.MaxOccupancy ?? 1;
        for (var k = 0; k < intervals.Length; k++)
        {
            var calls = intervals[k].Calls;
            var aht = intervals[k].AhtSeconds;
            var n = 0;
            if (calls > 0)
            {
                var traffic = (double)calls * (double)aht / (double)intervalSeconds;
                for (n = 1; ; n++)
                {
                    if (n * intervalSeconds <= calls * aht)
                    {
                        continue; // unstable
                    }
                    var c = ErlangC.FromTraffic(traffic, n, (double)aht, targets.TargetSeconds);
                    if (c.ServiceLevel >= sl && n * maxOccupancy * intervalSeconds >= calls * aht)
                    {
                        break;
                    }
                }
            }
            agents[k] = n;
            staff[k] = StaffingSolver.StaffWithShrinkage(n, targets.Shrinkage);
        }
    }
}
