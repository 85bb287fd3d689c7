using CertDesk.Domain.Staffing;

namespace CertDesk.Domain.Tests.Staffing;

public sealed class StaffingSolverTests
{
    [Theory]
    // pyworkforce README/test_erlang.py (wfm.md 9): 100 calls / 30 min, AHT 180 s.
    [InlineData(100, 1800, 180, 0.8, 20, 0.85, 0.3, 14, 20)]
    [InlineData(100, 1800, 180, 0.8, 20, 0.7, 0.3, 15, 22)]
    [InlineData(100, 1800, 180, 0.9, 20, 0.85, 0.3, 15, 22)]
    // PyPI call-center-tools: 1000 calls/h, AHT 120 s.
    [InlineData(1000, 3600, 120, 0.8, 20, 0.85, 0.3, 40, 58)]
    // PyPI turbotab: 25 contacts / 600 s, AHT 180 s.
    [InlineData(25, 600, 180, 0.8, 20, 1, 0.3, 11, 16)]
    public void Solve_PublishedPeerExamples_MatchAgentsAndStaff(double calls, double interval, double aht, double sl, double target,
        double maxOccupancy, double shrinkage, int agents, int staff)
    {
        var targets = new StaffingTargets((decimal)sl, target, (decimal)maxOccupancy, (decimal)shrinkage);
        var r = StaffingSolver.Solve((decimal)calls, (decimal)interval, (decimal)aht, targets);
        Assert.Equal(agents, r.Agents);
        Assert.Equal(staff, r.StaffWithShrinkage);
    }

    [Theory]
    [InlineData(14, "0.3", 20)]
    [InlineData(21, "0.3", 30)]
    [InlineData(714, "0.3", 1020)]
    [InlineData(42, "0.3", 60)]
    [InlineData(10, "0", 10)]
    [InlineData(10, "0.35", 16)]
    public void StaffWithShrinkage_ExactTies_AreNotRoundedUp(int agents, string shrinkage, int staff)
        => Assert.Equal(staff, StaffingSolver.StaffWithShrinkage(agents, decimal.Parse(shrinkage, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Solve_OccupancyExactTie_AllowsEquality()
    {
        // A = 714 x 180 / 1800 = 71.4; 71.4 / 0.85 = 84 exactly (84.00000000000001 in doubles).
        var r = StaffingSolver.Solve(714, 1800, 180, new StaffingTargets(0.5m, 20, 0.85m));
        Assert.Equal(84, r.Agents);
        Assert.Equal(0.85, r.Occupancy, 12);
    }

    public static TheoryData<double, double, double, double, double, double?> MinimalityCases() => new()
    {
        { 100, 1800, 180, 0.8, 20, null },
        { 1, 1800, 180, 0.8, 20, null },
        { 0.5, 900, 300, 0.95, 10, null },
        { 9999, 1800, 180, 0.8, 20, null },
        { 6000, 900, 300, 0.9, 15, null },
        { 75.5, 900, 187.5, 0.7, 30, null },
        { 29995, 1800, 180, 0.8, 20, null },
        { 100, 1800, 180, 0.8, 20, 300 },
        { 100, 1800, 180, 0.8, 20, 60 },
        { 6000, 900, 300, 0.8, 20, 300 },
        { 3, 1800, 180, 0.99, 5, 30 },
    };

    [Theory]
    [MemberData(nameof(MinimalityCases))]
    public void Solve_Result_MeetsTargetAndOneFewerFails(double calls, double interval, double aht, double sl, double target, double? patience)
    {
        var targets = new StaffingTargets((decimal)sl, target, patienceSeconds: patience);
        var r = StaffingSolver.Solve((decimal)calls, (decimal)interval, (decimal)aht, targets);

        Assert.True(r.ServiceLevel >= sl);
        Assert.True(ServiceLevel(r.Agents) >= sl);
        if (r.Agents > 1)
        {
            Assert.True(ServiceLevel(r.Agents - 1) < sl, $"{r.Agents - 1} agents already meet {sl}");
        }

        double ServiceLevel(int n) => patience is { } p
            ? ErlangA.Compute(calls, interval, aht, n, target, p).ServiceLevel
            : ErlangC.Compute(calls, interval, aht, n, target).ServiceLevel;
    }

    [Fact]
    public void Solve_ErlangA_NeedsFewerAgentsThanErlangC()
    {
        // wfm.md 3.4: 100 / 30 min / 180 s at 80/20: Erlang C 14, 5-min patience 13, 1-min patience 12.
        Assert.Equal(14, StaffingSolver.Solve(100, 1800, 180, new StaffingTargets(0.8m, 20)).Agents);
        var fiveMinutes = StaffingSolver.Solve(100, 1800, 180, new StaffingTargets(0.8m, 20, patienceSeconds: 300));
        Assert.Equal(13, fiveMinutes.Agents);
        Assert.NotNull(fiveMinutes.ProbAbandon);
        Assert.Equal(12, StaffingSolver.Solve(100, 1800, 180, new StaffingTargets(0.8m, 20, patienceSeconds: 60)).Agents);
    }

    [Fact]
    public void Solve_ZeroCalls_NeedsNoAgents()
    {
        var r = StaffingSolver.Solve(0, 900, 300, new StaffingTargets(0.8m, 20, 0.85m, 0.3m));
        Assert.Equal(0, r.Agents);
        Assert.Equal(0, r.StaffWithShrinkage);
        Assert.Equal(1, r.ServiceLevel);
    }

    [Fact]
    public void Solve_ErlangCResult_IsStableAndMatchesErlangC()
    {
        var r = StaffingSolver.Solve(100, 1800, 180, new StaffingTargets(0.8m, 20));
        var c = ErlangC.Compute(100, 1800, 180, r.Agents, 20);
        Assert.Equal(c.ServiceLevel, r.ServiceLevel, 12);
        Assert.Equal(c.AsaSeconds!.Value, r.AsaSeconds!.Value, 10);
        Assert.Null(r.ProbAbandon);
    }

    [Fact]
    public void SolveMany_EqualsSolveForEachInterval()
    {
        var targets = new StaffingTargets(0.8m, 20, 0.85m, 0.3m);
        // 203 intervals: whole groups of four for the vector path, three left for the scalar one; zero contacts among
        // them, and traffic from under one erlang to about 2,000 so neighbouring lanes need very different sums.
        var intervals = new ForecastInterval[203];
        for (var i = 0; i < intervals.Length; i++)
        {
            var calls = i % 5 == 3 ? 0 : i % 7 == 0 ? i * 49.75m : i * 7.25m;
            intervals[i] = new ForecastInterval(calls, 180 + (i % 13 * 10));
        }
        var results = new StaffingResult[intervals.Length];
        StaffingSolver.SolveMany(intervals, 900, targets, results);
        for (var i = 0; i < intervals.Length; i++)
        {
            Assert.Equal(StaffingSolver.Solve(intervals[i].Calls, 900, intervals[i].AhtSeconds, targets), results[i]);
            // Straightforward search from one agent with the textbook formula gives the same count.
            Assert.Equal(NaiveAgents((double)intervals[i].Calls, 900, (double)intervals[i].AhtSeconds), results[i].Agents);
        }

        static int NaiveAgents(double calls, double interval, double aht)
        {
            if (calls == 0)
            {
                return 0;
            }
            var traffic = calls * aht / interval;
            for (var n = 1; ; n++)
            {
                var c = ErlangC.FromTraffic(traffic, n, aht, 20);
                if (c.ServiceLevel >= 0.8 && (decimal)n * 0.85m * 900 >= (decimal)calls * (decimal)aht)
                {
                    return n;
                }
            }
        }
    }

    [Theory]
    [InlineData(-0.1, null, null)]
    [InlineData(1.5, null, null)]
    [InlineData(0.8, 0.0, null)]
    [InlineData(0.8, 1.2, null)]
    [InlineData(0.8, null, 1.0)]
    [InlineData(0.8, null, -0.1)]
    public void Targets_OutOfRange_AreRejected(double sl, double? maxOccupancy, double? shrinkage)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new StaffingTargets((decimal)sl, 20, (decimal?)maxOccupancy, (decimal?)shrinkage));

    [Fact]
    public void SolveMany_ThresholdsAtExactTies_AreDecidedExactly()
    {
        // Half the cases put the traffic, the occupancy bound or the shrinkage quotient on a whole number exactly, where
        // the solver's double shortcut must hand over to exact decimal arithmetic.
        var random = new Random(20261125);
        var occupancies = new[] { 0.85m, 0.9m, 0.7m, 1m };
        var shrinkages = new[] { 0.3m, 0.35m, 0.25m, 0m };
        for (var i = 0; i < 4000; i++)
        {
            var interval = random.Next(2) == 0 ? 900m : 1800m;
            var aht = random.Next(60, 600) + (random.Next(2) == 0 ? 0m : 0.5m);
            var maxOccupancy = occupancies[random.Next(occupancies.Length)];
            var shrinkage = shrinkages[random.Next(shrinkages.Length)];
            var calls = (i % 4) switch
            {
                0 => random.Next(1, 5000) / 10m,
                1 => decimal.Round(random.Next(1, 300) * interval / aht, 6), // traffic near a whole number
                2 => random.Next(1, 300) * maxOccupancy * interval / aht,     // occupancy bound on a whole number
                _ => random.Next(1, 300) * interval / aht,                    // traffic a whole number
            };
            var targets = new StaffingTargets(0.8m, 20, maxOccupancy, shrinkage);
            var r = StaffingSolver.Solve(calls, interval, aht, targets);
            var workload = calls * aht;
            var n = r.Agents;

            Assert.True(n * interval > workload, $"case {i}: {n} agents do not exceed the traffic");
            Assert.True(n * maxOccupancy * interval >= workload, $"case {i}: {n} agents break the occupancy cap");
            var keep = 1 - shrinkage;
            Assert.True(r.StaffWithShrinkage * keep >= n && (r.StaffWithShrinkage - 1) * keep < n, $"case {i}: staff {r.StaffWithShrinkage} for {n} agents");
            // One agent fewer breaks stability, the occupancy cap or the service level.
            var fewer = n - 1;
            var fewerFails = fewer * interval <= workload
                || fewer * maxOccupancy * interval < workload
                || ErlangC.Compute((double)calls, (double)interval, (double)aht, fewer, 20).ServiceLevel < 0.8;
            Assert.True(fewerFails, $"case {i}: {fewer} agents would do for {calls} contacts of {aht} s");
        }
    }
}
