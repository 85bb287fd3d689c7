using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using CertDesk.Benchmarks;
using CertDesk.Domain.Staffing;

// "generate-cdr --rows N --out FILE [--seed S] [--teams T] [--days D]": a CDR file for bench/kpi-compare.sh; "parse-rate FILE": single-thread kpi parse rate.
if (args is ["generate-cdr", ..])
{
    Environment.ExitCode = CdrGenerator.Run(args[1..]);
    return;
}
if (args is ["generate-roster", ..])
{
    Environment.ExitCode = RosterGenerator.Run(args[1..]);
    return;
}
if (args is ["parse-rate", ..])
{
    Environment.ExitCode = ParseRate.Run(args[1..]);
    return;
}

// "cohort [candidates] [certifications] [limit-s] [workers]": one timed run of the cohort planner (bench/RESULTS-gaps.md).
if (args is ["cohort", ..])
{
    Environment.ExitCode = CohortPlanTimedRun.Run(args.Skip(1).ToArray());
    return;
}

// "generate-forecast --out FILE [--distinct]": the staffing workload as a forecast CSV, for bench/staff-forecast-compare.sh
// (--distinct: almost every interval different, so that no answer can be reused).
if (args is ["generate-forecast", "--out", var forecastPath, ..] && args.Length <= 4 && (args.Length == 3 || args[3] == "--distinct"))
{
    StaffingWorkload.WriteCsv(forecastPath, StaffingWorkload.Create(distinct: args.Length == 4));
    return;
}

// "compare [CSV]": one timed pass of each solver over the workload (and write it as CSV for bench/python/staffing.py).
if (args.Length > 0 && args[0] == "compare")
{
    var intervals = StaffingWorkload.Create();
    if (args.Length > 1)
    {
        StaffingWorkload.WriteCsv(args[1], intervals);
    }
    var results = new StaffingResult[intervals.Length];
    // The first pass runs mostly in tier-0 JIT code; the steady state is the best of five passes after two warm-ups.
    var clock = Stopwatch.StartNew();
    StaffingSolver.SolveMany(intervals, StaffingWorkload.IntervalSeconds, StaffingWorkload.Targets, results);
    var cold = clock.Elapsed.TotalSeconds;
    StaffingSolver.SolveMany(intervals, StaffingWorkload.IntervalSeconds, StaffingWorkload.Targets, results);
    // Wall and CPU time per pass: on a busy machine the CPU time is the steadier figure.
    var fast = double.MaxValue;
    var fastCpu = double.MaxValue;
    var process = Process.GetCurrentProcess();
    for (var pass = 0; pass < 5; pass++)
    {
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        clock.Restart();
        StaffingSolver.SolveMany(intervals, StaffingWorkload.IntervalSeconds, StaffingWorkload.Targets, results);
        fast = Math.Min(fast, clock.Elapsed.TotalSeconds);
        process.Refresh();
        fastCpu = Math.Min(fastCpu, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }
    long agents = 0, staff = 0;
    foreach (var r in results)
    {
        agents += r.Agents;
        staff += r.StaffWithShrinkage;
    }

    var naiveAgents = new int[intervals.Length];
    var naiveStaff = new int[intervals.Length];
    clock.Restart();
    NaiveStaffing.SolveMany(intervals, StaffingWorkload.IntervalSeconds, StaffingWorkload.Targets, naiveAgents, naiveStaff);
    var naive = clock.Elapsed.TotalSeconds;
    var same = naiveAgents.Select((n, i) => n == results[i].Agents && naiveStaff[i] == results[i].StaffWithShrinkage).All(x => x);

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"C# StaffingSolver.SolveMany: {intervals.Length} intervals in {fast:0.000} s ({fast * 1e9 / intervals.Length:0} ns/interval, best of 5 warm passes; CPU {fastCpu:0.000} s; first pass {cold:0.000} s); sum agents {agents}, sum staff {staff}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"C# naive (from 1 agent, textbook Erlang C per N): {naive:0.000} s; same answers: {same}"));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(StaffingBenchmarks).Assembly).Run(args);
