using System.Text;
using BenchmarkDotNet.Attributes;
using CertDesk.Domain.Kpi;

namespace CertDesk.Benchmarks;

/// <summary>
/// The single-thread hot path of <c>kpi aggregate</c>: validate and aggregate 100,000 generated rows (about 17 MB)
/// already in memory. Divide the bytes by the mean for the per-core parse rate.
/// </summary>
[MemoryDiagnoser]
public class CdrBlockParserBenchmarks
{
    private byte[] _block = [];
    private CdrHeader _header = CdrHeader.Standard;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(Path.GetTempPath(), "certdesk-bench-cdr.csv");
        CdrGenerator.Run(["--rows", "100000", "--out", path]);
        var bytes = File.ReadAllBytes(path);
        var errors = new List<string>();
        _header = CdrHeader.TryParse(bytes, isWholeFile: true, out var consumed, errors) ?? throw new InvalidOperationException(string.Join("; ", errors));
        _block = bytes[consumed..];
        File.Delete(path);
    }

    [Benchmark]
    public int ParseAndAggregate()
    {
        var aggregator = new IntervalAggregator(new KpiSettings());
        var errors = new List<CdrRowError>();
        var result = new CdrBlockParser(_header, aggregator).Parse(_block, errors);
        if (result.Errors != 0)
        {
            throw new InvalidOperationException(Encoding.UTF8.GetString(_block[..200]));
        }
        return aggregator.CellCount;
    }

    [Benchmark]
    public int FindRowBoundaries()
    {
        var data = _block.AsSpan();
        var blocks = 0;
        while (data.Length > 0)
        {
            var n = CsvRows.CompleteRowsLength(data[..Math.Min(data.Length, 1 << 20)]);
            data = data[(n == 0 ? data.Length : n)..];
            blocks++;
        }
        return blocks;
    }
}
