using System.Diagnostics;
using System.Globalization;
using CertDesk.Domain.Gaps;

namespace CertDesk.Benchmarks;

/// <summary>
/// A timed run of the cohort planner on a generated case (default 2,000 candidates x 30 certifications, 26 weeks,
/// 40 away at once, a budget for about a tenth of the candidates): <c>dotnet run -c Release --project bench/CertDesk.Benchmarks -- cohort [candidates] [certifications] [time-limit-s] [workers]</c>.
/// </summary>
public static class CohortPlanTimedRun
{
    public static int Run(string[] args)
    {
        var candidates = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var certifications = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var limit = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 60;
        var workers = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2;
        var problem = Generate(candidates, certifications, new Random(42));
        var watch = Stopwatch.StartNew();
        var plan = CohortPlanner.Solve(problem, new PlannerSettings(limit, workers));
        watch.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"candidates={candidates} certifications={certifications} weeks={problem.Slots} max_away={problem.MaxAway} budget={problem.Budget / 100m:0.00} " +
            $"status={plan.Status} value={plan.Value} bound={plan.Bound} gap={plan.RelativeGap:P3} assigned={plan.Assignments.Count} " +
            $"solver_s={plan.Seconds:0.000} total_s={watch.Elapsed.TotalSeconds:0.000} workers={workers}"));
        return 0;
    }

    public static CohortProblem Generate(int candidates, int certifications, Random random)
    {
        var costs = Enumerable.Range(0, certifications).Select(_ => (long)random.Next(1500, 9000) * 100).ToArray();
        var weeks = Enumerable.Range(0, certifications).Select(_ => random.Next(1, 7)).ToArray();
        var people = Enumerable.Range(0, candidates).Select(p => new PlanCandidate(p,
            [.. Enumerable.Range(0, certifications).Select(c => new PlanOption(c, random.Next(0, 20000), costs[c] + random.Next(0, 300000), weeks[c]))])).ToList();
        return new CohortProblem(people, Budget: candidates / 10L * 600000, Slots: 26, MaxAway: 40);
    }
}
