using CertDesk.Domain.Gaps;

namespace CertDesk.Domain.Tests.Gaps;

public sealed class CohortPlannerTests
{
    [Fact]
    public void Solve_RandomSmallCases_MatchBruteForceAndRespectEveryConstraint()
    {
        var random = new Random(20261201);
        var optimal = 0;
        for (var round = 0; round < 240; round++)
        {
            var problem = RandomProblem(random);
            var plan = CohortPlanner.Solve(problem, new PlannerSettings(TimeLimitSeconds: 20, Workers: 1));
            Assert.Equal(PlanStatus.Optimal, plan.Status);
            AssertRespectsConstraints(problem, plan);
            var best = BruteForce(problem);
            Assert.True(best == plan.Value, $"round {round}: solver {plan.Value}, brute force {best}");
            Assert.Equal(plan.Value, plan.Bound);
            optimal++;
        }
        Assert.Equal(240, optimal);
    }

    [Fact]
    public void Solve_CapacityOneAndTwoWeekCourses_SchedulesThemOneAfterAnother()
    {
        var problem = new CohortProblem(
        [
            new PlanCandidate(0, [new PlanOption(0, 10, 100, 2)]),
            new PlanCandidate(1, [new PlanOption(0, 10, 100, 2)]),
            new PlanCandidate(2, [new PlanOption(0, 10, 100, 2)]),
        ], Budget: 1000, Slots: 4, MaxAway: 1);
        var plan = CohortPlanner.Solve(problem);
        // Only two 2-week courses fit one after the other in 4 weeks with one person away at a time.
        Assert.Equal(20, plan.Value);
        Assert.Equal([0, 2], plan.Assignments.Select(a => a.StartSlot).Order());
    }

    [Fact]
    public void Solve_BudgetZero_EmptyPlanIsOptimal()
    {
        var problem = new CohortProblem([new PlanCandidate(0, [new PlanOption(0, 10, 100, 1)])], Budget: 0, Slots: 4, MaxAway: 1);
        var plan = CohortPlanner.Solve(problem);
        Assert.Equal(PlanStatus.Optimal, plan.Status);
        Assert.Empty(plan.Assignments);
    }

    [Fact]
    public void Validate_NegativeBudget_ClearError()
    {
        var problem = new CohortProblem([], Budget: -1, Slots: 4, MaxAway: 1);
        Assert.Contains("budget: must not be negative", problem.Validate());
        Assert.Throws<ArgumentException>(() => CohortPlanner.Solve(problem));
    }

    [Fact]
    public void Undominated_DropsOptionsNoBetterOnAnyAxis()
    {
        var kept = CohortPlanner.Undominated(
        [
            new PlanOption(0, Value: 10, Cost: 100, DurationSlots: 2),
            new PlanOption(1, Value: 9, Cost: 120, DurationSlots: 2), // dominated by 0
            new PlanOption(2, Value: 12, Cost: 150, DurationSlots: 2),
            new PlanOption(3, Value: 10, Cost: 100, DurationSlots: 2), // a tie: the first is kept
        ]);
        Assert.Equal([0, 2], kept.Select(o => o.Certification));
    }

    private static CohortProblem RandomProblem(Random random)
    {
        var people = random.Next(1, 5);
        var certs = random.Next(1, 4);
        var slots = random.Next(1, 5);
        var durations = Enumerable.Range(0, certs).Select(_ => random.Next(1, 4)).ToArray();
        var costs = Enumerable.Range(0, certs).Select(_ => (long)random.Next(1, 10) * 100).ToArray();
        var candidates = Enumerable.Range(0, people).Select(p => new PlanCandidate(p,
            [.. Enumerable.Range(0, certs).Where(_ => random.Next(5) > 0).Select(c => new PlanOption(c, random.Next(0, 20), costs[c], durations[c]))])).ToList();
        return new CohortProblem(candidates, random.Next(0, 25) * 100, slots, random.Next(1, 4));
    }

    private static void AssertRespectsConstraints(CohortProblem problem, CohortPlan plan)
    {
        Assert.True(plan.Cost <= problem.Budget, "over budget");
        Assert.Equal(plan.Assignments.Count, plan.Assignments.Select(a => a.Person).Distinct().Count());
        foreach (var a in plan.Assignments)
        {
            var option = problem.Candidates.Single(c => c.Person == a.Person).Options.First(o => o.Certification == a.Certification && o.Value == a.Value && o.Cost == a.Cost);
            Assert.Equal(option.DurationSlots, a.DurationSlots);
            Assert.InRange(a.StartSlot, 0, problem.Slots - a.DurationSlots);
        }
        Assert.All(CohortPlanner.AwayPerSlot(plan.Assignments, problem.Slots), away => Assert.True(away <= problem.MaxAway, "too many away"));
        Assert.Equal(plan.Assignments.Sum(a => a.Value), plan.Value);
    }

    /// <summary>Every choice (nothing or one option per person) within budget, then every start, checked slot by slot.</summary>
    private static long BruteForce(CohortProblem problem)
    {
        long best = 0;
        var candidates = problem.Candidates;
        var choice = new int[candidates.Count];
        while (true)
        {
            long value = 0, cost = 0;
            var durations = new List<int>();
            for (var i = 0; i < candidates.Count; i++)
            {
                if (choice[i] > 0)
                {
                    var o = candidates[i].Options[choice[i] - 1];
                    value += o.Value;
                    cost += o.Cost;
                    durations.Add(o.DurationSlots);
                }
            }
            if (value > best && cost <= problem.Budget && Schedulable(durations, problem.Slots, problem.MaxAway))
            {
                best = value;
            }
            var k = 0;
            while (k < candidates.Count && ++choice[k] > candidates[k].Options.Count)
            {
                choice[k] = 0;
                k++;
            }
            if (k == candidates.Count)
            {
                return best;
            }
        }
    }

    private static bool Schedulable(List<int> durations, int slots, int maxAway)
    {
        if (durations.Any(d => d > slots))
        {
            return false;
        }
        var starts = new int[durations.Count];
        while (true)
        {
            var away = new int[slots];
            for (var i = 0; i < durations.Count; i++)
            {
                for (var s = starts[i]; s < starts[i] + durations[i]; s++)
                {
                    away[s]++;
                }
            }
            if (away.All(a => a <= maxAway))
            {
                return true;
            }
            var k = 0;
            while (k < durations.Count && ++starts[k] > slots - durations[k])
            {
                starts[k] = 0;
                k++;
            }
            if (k == durations.Count)
            {
                return false;
            }
        }
    }
}
