using BenchmarkDotNet.Running;
using CertDesk.Benchmarks;

if (args is ["cohort", ..])
{
    return CohortPlanTimedRun.Run(args.Skip(1).ToArray());
}
BenchmarkSwitcher.FromAssembly(typeof(CohortPlanTimedRun).Assembly).Run(args);
return 0;
