using CertDesk.Domain.Scheduling;
using CertDesk.Domain.Staffing;

namespace CertDesk.Domain.Tests.Scheduling;

/// <summary>
/// The best-slot search against an exhaustive search written independently here: for every possible start, every
/// interval of the slot is computed from Erlang C/A directly and the rules of the verdict are applied as documented;
/// the ranked starts must come out the same, in the same order, and the refused ones must be the same set.
/// </summary>
public sealed class SlotSearchTests
{
    private sealed record Expected(int Start, int VerdictRank, double Late, double Wait, int? Spare, bool Allowed);

    private static Expected[] Exhaustive(SchedulingProblem p, int length)
    {
        var result = new List<Expected>();
        for (var s = 0; s + length <= p.Intervals.Count; s++)
        {
            if (!p.Intervals[s].CanStart)
            {
                continue;
            }
            var contiguous = true;
            for (var i = s + 1; i < s + length; i++)
            {
                contiguous &= p.Intervals[i].StartUtc - p.Intervals[i - 1].StartUtc == TimeSpan.FromMinutes(15);
            }
            if (!contiguous)
            {
                continue;
            }
            int verdict = 0;
            var allowed = true;
            double late = 0, wait = 0;
            int? spare = null;
            for (var i = s; i < s + length; i++)
            {
                var state = p.Intervals[i];
                if (state.AttendeeConflict is not null)
                {
                    allowed = false;
                    verdict = 2;
                }
                for (var q = 0; q < p.Queues.Count; q++)
                {
                    var load = state.Queues[q];
                    var removed = Math.Min(p.Removal.AgentsByQueue[q], load.Agents);
                    var targets = p.Queues[q].Targets;
                    if (load.Calls == 0)
                    {
                        continue;
                    }
                    var traffic = (double)load.Calls * (double)load.AhtSeconds / 900;
                    (double Sl, double Asa) At(int n)
                    {
                        if (n <= 0)
                        {
                            return (0, 3600);
                        }
                        if (targets.PatienceSeconds is { } patience)
                        {
                            var a = ErlangA.FromTraffic(traffic, n, (double)load.AhtSeconds, targets.TargetSeconds, patience);
                            return (a.ServiceLevel, a.AsaSeconds);
                        }
                        var c = ErlangC.FromTraffic(traffic, n, (double)load.AhtSeconds, targets.TargetSeconds);
                        return (c.ServiceLevel, c.AsaSeconds ?? 3600);
                    }
                    var before = At(load.Agents);
                    var after = At(load.Agents - removed);
                    late += (double)load.Calls * (before.Sl - after.Sl);
                    wait += (double)load.Calls * (after.Asa - before.Asa);
                    if (removed == 0)
                    {
                        continue;
                    }
                    var target = (double)targets.ServiceLevel;
                    if (after.Sl < target)
                    {
                        verdict = 2;
                        if (after.Sl < target - 0.05)
                        {
                            allowed = false;
                        }
                    }
                    else if (after.Sl < target + 0.02)
                    {
                        verdict = Math.Max(verdict, 1);
                    }
                }
                for (var g = 0; g < p.Coverage.Count; g++)
                {
                    var agents = Math.Max(0, state.Coverage[g].Agents - p.Removal.AgentsByGroup[g]);
                    var supervisors = Math.Max(0, state.Coverage[g].Supervisors - p.Removal.SupervisorsByGroup[g]);
                    var rule = p.Coverage[g];
                    var required = agents == 0 ? 0 : Math.Max(rule.MinimumSupervisors, (int)Math.Ceiling(agents / (double)rule.AgentsPerSupervisor));
                    spare = spare is null ? supervisors - required : Math.Min(spare.Value, supervisors - required);
                    if (supervisors < required)
                    {
                        allowed = false;
                        verdict = 2;
                    }
                    else if (supervisors == required && required > 0 && p.Removal.SupervisorsByGroup[g] > 0)
                    {
                        verdict = Math.Max(verdict, 1);
                    }
                }
            }
            if (!allowed)
            {
                verdict = 2;
            }
            result.Add(new Expected(s, verdict, late, wait, spare, allowed));
        }
        return [.. result];
    }

    private static SchedulingProblem RandomProblem(Random random)
    {
        var queues = random.Next(1, 3);
        var intervals = random.Next(4, 18);
        var specs = Enumerable.Range(0, queues).Select(q => new QueueSpec($"Q{q}",
            new StaffingTargets(random.Next(2) == 0 ? 0.8m : 0.7m, 20, patienceSeconds: random.Next(3) == 0 ? 120 : null))).ToArray();
        var start = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
        var states = new List<IntervalState>();
        for (var i = 0; i < intervals; i++)
        {
            if (random.Next(8) == 0)
            {
                start = start.AddMinutes(15 * random.Next(2, 5)); // a gap in the grid (e.g. overnight)
            }
            var loads = specs.Select(_ => new QueueLoad(random.Next(0, 60), 120 + random.Next(0, 300), random.Next(3, 20))).ToArray();
            var agents = loads.Sum(l => l.Agents);
            states.Add(new IntervalState(start, loads, [new CoverageLoad(agents, random.Next(0, 5))],
                random.Next(6) == 0 ? "someone is not on shift" : null, CanStart: random.Next(5) != 0));
            start = start.AddMinutes(15);
        }
        var removal = new Removal(
            specs.Select(_ => random.Next(0, 3)).ToArray(), [random.Next(0, 3)], [random.Next(0, 3)]);
        return new SchedulingProblem(specs, [new CoverageSpec("Site", random.Next(5, 16), random.Next(0, 3))], states, removal);
    }

    [Fact]
    public void Rank_SmallRandomCases_MatchesExhaustiveSearch()
    {
        var random = new Random(5);
        var compared = 0;
        for (var round = 0; round < 300; round++)
        {
            var problem = RandomProblem(random);
            var length = random.Next(1, 5);
            var ranking = SlotSearch.Rank(problem, length);
            var expected = Exhaustive(problem, length);

            var allowed = expected.Where(e => e.Allowed)
                .OrderBy(e => e.VerdictRank).ThenBy(e => e.Late).ThenBy(e => e.Wait).ThenByDescending(e => e.Spare ?? int.MaxValue).ThenBy(e => e.Start)
                .ToArray();
            Assert.Equal(allowed.Select(e => e.Start), ranking.Ranked.Select(c => c.StartIndex));
            Assert.Equal(expected.Where(e => !e.Allowed).Select(e => e.Start).Order(), ranking.Refused.Select(c => c.StartIndex).Order());
            for (var i = 0; i < allowed.Length; i++)
            {
                Assert.Equal(allowed[i].Late, ranking.Ranked[i].LateCalls, 9);
                Assert.Equal(allowed[i].VerdictRank, (int)ranking.Ranked[i].Verdict);
                Assert.Equal(allowed[i].Spare, ranking.Ranked[i].SpareSupervisors);
            }
            // The best slot is the optimum of the whole search space.
            if (allowed.Length > 0)
            {
                var best = ranking.Ranked[0];
                Assert.DoesNotContain(expected, e => e.Allowed && (e.VerdictRank < (int)best.Verdict || (e.VerdictRank == (int)best.Verdict && e.Late < best.LateCalls - 1e-9)));
            }
            compared += expected.Length;
        }
        Assert.True(compared > 500, $"only {compared} slots compared");
    }

    [Fact]
    public void Rank_NeverOffersASlotThatBreaksAHardRule()
    {
        var random = new Random(11);
        for (var round = 0; round < 100; round++)
        {
            var problem = RandomProblem(random);
            var length = random.Next(1, 4);
            foreach (var slot in SlotSearch.Rank(problem, length).Ranked)
            {
                for (var i = slot.StartIndex; i < slot.StartIndex + length; i++)
                {
                    Assert.False(SessionImpact.Evaluate(problem, i).BreaksHardRule);
                }
            }
        }
    }

    [Fact]
    public void Rank_GapInTheGrid_NoSlotSpansIt()
    {
        var t0 = new DateTime(2026, 12, 1, 20, 30, 0, DateTimeKind.Utc);
        IntervalState At(DateTime t) => new(t, [new QueueLoad(10, 180, 10)], []);
        var problem = new SchedulingProblem([new QueueSpec("Q", new StaffingTargets(0.8m, 20))], [],
            [At(t0), At(t0.AddMinutes(15)), At(t0.AddHours(10)), At(t0.AddHours(10).AddMinutes(15))], new Removal([0], [], []));
        var starts = SlotSearch.Rank(problem, 2).Ranked.Select(s => s.StartIndex).Order();
        Assert.Equal([0, 2], starts);
    }
}
