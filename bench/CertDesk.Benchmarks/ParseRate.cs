using System.Diagnostics;
using System.Globalization;
using CertDesk.Domain.Kpi;

namespace CertDesk.Benchmarks;

/// <summary><c>parse-rate FILE</c>: single-thread MB/s of the block parser over the first 256 MB of a file, in memory, in 4 MiB blocks.</summary>
public static class ParseRate
{
    public static int Run(string[] args)
    {
        using var stream = File.OpenRead(args[0]);
        var bytes = new byte[Math.Min(stream.Length, 256L << 20)];
        stream.ReadExactly(bytes);
        var errors = new List<string>();
        var header = CdrHeader.TryParse(bytes, false, out var consumed, errors)!;
        var data = bytes.AsSpan(consumed, CsvRows.CompleteRowsLength(bytes.AsSpan(consumed)));
        for (var round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var aggregator = new IntervalAggregator(new KpiSettings());
            // In 4 MiB blocks cut at row boundaries, as `kpi aggregate` reads the file.
            var parser = new CdrBlockParser(header, aggregator);
            var result = default(CdrBlockResult);
            for (var left = data; left.Length > 0;)
            {
                var cut = CsvRows.CompleteRowsLength(left[..Math.Min(left.Length, 4 << 20)]);
                var r = parser.Parse(left[..cut], []);
                result = new CdrBlockResult(result.Rows + r.Rows, result.LineBreaks + r.LineBreaks, result.Errors + r.Errors);
                left = left[cut..];
            }
            var seconds = watch.Elapsed.TotalSeconds;
            // CPU time too: on a shared machine the wall clock also counts the time other processes ran.
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"parse+aggregate: {data.Length / seconds / 1e6:0} MB/s, {result.Rows / seconds / 1e6:0.0} M rows/s (per CPU second: {data.Length / cpuSeconds / 1e6:0} MB/s, {cpuSeconds * 1e9 / result.Rows:0} ns per row), errors {result.Errors}"));
            watch.Restart();
            var n = 0;
            var rest = data;
            while (rest.Length > 0)
            {
                var k = CsvRows.CompleteRowsLength(rest[..Math.Min(rest.Length, 4 << 20)]);
                rest = rest[(k == 0 ? rest.Length : k)..];
                n++;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"row boundaries: {data.Length / watch.Elapsed.TotalSeconds / 1e6:0} MB/s ({n} blocks)"));
        }
        var ts = "2024-03-10T01:55:00-05:00"u8.ToArray();
        var w = Stopwatch.StartNew();
        long sum = 0;
        for (var i = 0; i < 30_000_000; i++)
        {
            CdrTimestamp.TryParseUtcTicks(ts, out var t);
            sum += t;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timestamp: {w.Elapsed.TotalMilliseconds * 1e6 / 30_000_000:0.0} ns ({sum & 1})"));
        var agg = new IntervalAggregator(new KpiSettings());
        var teams = Enumerable.Range(1, 40).Select(i => System.Text.Encoding.UTF8.GetBytes($"T{i:00}")).ToArray();
        var rnd = new Random(1);
        w.Restart();
        for (var i = 0; i < 10_000_000; i++)
        {
            agg.Add(teams[rnd.Next(40)], new CdrMeasures(638_000_000_000_000_000L + i * 2_000_000L, true, false, 10, 100, 5, 5, false, true, null));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"aggregate add: {w.Elapsed.TotalMilliseconds * 1e6 / 10_000_000:0.0} ns"));
        return 0;
    }
}
