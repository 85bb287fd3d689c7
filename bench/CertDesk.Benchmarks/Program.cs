using BenchmarkDotNet.Running;
using CertDesk.Benchmarks;

// Tools first (used by bench/kpi-compare.sh), then BenchmarkDotNet for everything else.
if (args.Length > 0 && args[0] == "generate-cdr")
{
    return CdrGenerator.Run(args[1..]);
}
if (args.Length > 0 && args[0] == "parse-rate")
{
    return ParseRate.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(CdrBlockParserBenchmarks).Assembly).Run(args);
return 0;
