using BenchmarkDotNet.Attributes;
using CertDesk.Domain.Staffing;

namespace CertDesk.Benchmarks;

/// <summary>Batch staffing of 20 queues x 35,040 intervals (a year of 15-minute intervals) at 80/20, 85 % occupancy, 30 % shrinkage.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class StaffingBenchmarks
{
    private ForecastInterval[] _intervals = [];
    private StaffingResult[] _results = [];
    private int[] _agents = [];
    private int[] _staff = [];

    [GlobalSetup]
    public void Setup()
    {
        _intervals = StaffingWorkload.Create();
        _results = new StaffingResult[_intervals.Length];
        _agents = new int[_intervals.Length];
        _staff = new int[_intervals.Length];
    }

    [Benchmark(Baseline = true, Description = "naive: from 1 agent, textbook Erlang C per N")]
    public int Naive()
    {
        NaiveStaffing.SolveMany(_intervals, StaffingWorkload.IntervalSeconds, StaffingWorkload.Targets, _agents, _staff);
        return _agents[^1];
    }

    [Benchmark(Description = "StaffingSolver.SolveMany")]
    public int Fast()
    {
        StaffingSolver.SolveMany(_intervals, StaffingWorkload.IntervalSeconds, StaffingWorkload.Targets, _results);
        return _results[^1].Agents;
    }
}
