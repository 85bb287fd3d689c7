using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using CertDesk.Domain.Kpi;
using Microsoft.Win32.SafeHandles;

namespace CertDesk.Features.Proof;

/// <summary>The outcome of <see cref="CdrAggregation.Run"/>: either the counts written, or the error lines (nothing written).</summary>
public sealed record CdrAggregationResult(bool Succeeded, IReadOnlyList<string> Errors, long Contacts, long Facts);

/// <summary>
/// <c>kpi aggregate</c>: a <c>cdr</c> file to an <c>intervals</c> file, streaming, all or nothing.
/// </summary>
/// <remarks>
/// One reader thread fills fixed 4 MiB blocks with <see cref="RandomAccess"/> and cuts each at its last row boundary
/// (<see cref="CsvRows.CompleteRowsLength"/>, a vectorized quote-parity scan); workers, one per core, validate and
/// aggregate whole blocks with <see cref="CdrBlockParser"/> into their own <see cref="IntervalAggregator"/>, merged
/// at the end. Memory is the block pool (about (2 x workers + 2) x 4 MiB) plus the (team, interval) cells, whatever
/// the file size. Errors carry block-relative row and line numbers, made absolute once every block is parsed.
/// The output goes to a temporary file renamed over the target only when the whole input is valid.
/// </remarks>
public static class CdrAggregation
{
    public const int BlockSize = 4 << 20;

    /// <summary>A single row may grow a block up to this size; beyond it the file is taken as broken (an unclosed quote).</summary>
    public const int MaxRowBytes = 64 << 20;

    /// <summary>Error lines printed at most; the rest are counted in one more line.</summary>
    public const int MaxListedErrors = 100;

    private sealed record Block(long Sequence, byte[] Buffer, int Offset, int Length, bool Pooled);

    private sealed record BlockOutcome(CdrBlockResult Result, List<CdrRowError> Errors);

    public static CdrAggregationResult Run(string cdrPath, string outPath, KpiSettings settings, string? displayName = null,
        int? workerCount = null, CancellationToken ct = default)
    {
        var result = Aggregate(cdrPath, settings, out var facts, displayName, workerCount, ct);
        if (result.Succeeded)
        {
            WriteAtomically(outPath, facts);
        }
        return result;
    }

    /// <summary>The same streaming aggregation, keeping the facts in memory (for <c>import cdr</c>); empty when invalid.</summary>
    public static CdrAggregationResult Aggregate(string cdrPath, KpiSettings settings, out IReadOnlyList<IntervalFact> facts,
        string? displayName = null, int? workerCount = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        facts = [];
        var name = displayName ?? Path.GetFileName(cdrPath);
        if (!File.Exists(cdrPath))
        {
            return Fail($"{name}: file not found");
        }

        var workers = Math.Clamp(workerCount ?? Environment.ProcessorCount, 1, 16);
        using var handle = File.OpenHandle(cdrPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var reader = new BlockReader(handle);

        var buffer = new byte[BlockSize];
        reader.Fill(buffer, 0, out var filled);
        var headerErrors = new List<string>();
        var header = CdrHeader.TryParse(buffer.AsSpan(0, filled), reader.AtEnd, out var consumed, headerErrors);
        if (header is null)
        {
            return new CdrAggregationResult(false, headerErrors.Select(e => $"{name}: {e}").ToList(), 0, 0);
        }
        long headerLineBreaks = buffer.AsSpan(0, consumed).Count((byte)'\n');

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var free = new BlockingCollection<byte[]>();
        for (var i = 0; i < 2 * workers + 1; i++)
        {
            free.Add(new byte[BlockSize], ct);
        }
        using var full = new BlockingCollection<Block>(boundedCapacity: 2 * workers);
        var outcomes = new ConcurrentDictionary<long, BlockOutcome>();
        var aggregators = new IntervalAggregator[workers];
        var threads = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            var aggregator = aggregators[w] = new IntervalAggregator(settings);
            var parser = new CdrBlockParser(header, aggregator) { MaxListedErrors = MaxListedErrors };
            threads[w] = Task.Factory.StartNew(() =>
            {
                try
                {
                    foreach (var block in full.GetConsumingEnumerable(cancel.Token))
                    {
                        var errors = new List<CdrRowError>();
                        var result = parser.Parse(block.Buffer.AsSpan(block.Offset, block.Length), errors);
                        outcomes[block.Sequence] = new BlockOutcome(result, errors);
                        if (block.Pooled)
                        {
                            free.Add(block.Buffer, CancellationToken.None);
                        }
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    cancel.Cancel();
                    throw;
                }
            }, cancel.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        string? readError = null;
        long sequence = 0;
        try
        {
            var start = consumed;
            var pooled = true;
            while (true)
            {
                var data = buffer.AsSpan(start, filled - start);
                if (reader.AtEnd)
                {
                    if (!data.IsEmpty)
                    {
                        full.Add(new Block(sequence++, buffer, start, data.Length, pooled), cancel.Token);
                    }
                    break;
                }

                var complete = CsvRows.CompleteRowsLength(data);
                if (complete == 0)
                {
                    // No whole row in what is left: make room, or grow for a very long row (quoted line breaks).
                    if (start > 0)
                    {
                        data.CopyTo(buffer);
                    }
                    else if (buffer.Length >= MaxRowBytes)
                    {
                        readError = $"{name}: a row is longer than {MaxRowBytes >> 20} MiB after data row {{0}}; is a quote never closed?";
                        break;
                    }
                    else
                    {
                        var larger = new byte[buffer.Length * 2];
                        data.CopyTo(larger);
                        if (pooled)
                        {
                            free.Add(buffer, cancel.Token);
                        }
                        buffer = larger;
                        pooled = false;
                    }
                    filled = data.Length;
                    start = 0;
                    reader.Fill(buffer, filled, out filled);
                    continue;
                }

                var next = free.Take(cancel.Token);
                var rest = data[complete..];
                rest.CopyTo(next);
                full.Add(new Block(sequence++, buffer, start, complete, pooled), cancel.Token);
                buffer = next;
                pooled = true;
                start = 0;
                reader.Fill(buffer, rest.Length, out filled);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // A worker failed: its exception is rethrown below.
        }
        finally
        {
            full.CompleteAdding();
        }
        Task.WaitAll(threads, CancellationToken.None);
        ct.ThrowIfCancellationRequested();

        // Block-relative rows and lines to file rows and lines, in file order.
        var lines = new List<string>();
        long rowsBefore = 0;
        var lineBreaksBefore = headerLineBreaks;
        long errorCount = 0;
        for (long s = 0; s < sequence; s++)
        {
            var outcome = outcomes[s];
            foreach (var e in outcome.Errors)
            {
                if (lines.Count < MaxListedErrors)
                {
                    lines.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{name}: row {rowsBefore + e.Row} (line {lineBreaksBefore + e.Line}), field {e.Field}: {e.Reason}"));
                }
            }
            errorCount += outcome.Result.Errors;
            rowsBefore += outcome.Result.Rows;
            lineBreaksBefore += outcome.Result.LineBreaks;
        }
        if (readError is not null)
        {
            lines.Add(string.Format(CultureInfo.InvariantCulture, readError, rowsBefore));
            errorCount++;
        }
        if (errorCount > lines.Count)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: {errorCount - lines.Count} more errors not shown ({errorCount} in all)"));
        }
        if (lines.Count > 0)
        {
            return new CdrAggregationResult(false, lines, rowsBefore, 0);
        }

        for (var w = 1; w < workers; w++)
        {
            aggregators[0].Merge(aggregators[w]);
        }
        facts = aggregators[0].ToFacts();
        return new CdrAggregationResult(true, [], rowsBefore, facts.Count);
    }

    private static void WriteAtomically(string outPath, IReadOnlyList<IntervalFact> facts)
    {
        var full = Path.GetFullPath(outPath);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(false), 1 << 16))
            {
                writer.NewLine = "\n";
                writer.WriteLine(IntervalFactCsv.Header);
                foreach (var fact in facts)
                {
                    writer.WriteLine(IntervalFactCsv.FormatRow(fact));
                }
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static CdrAggregationResult Fail(string error) => new(false, [error], 0, 0);

    /// <summary>Sequential positional reads that fill a buffer as far as the file allows.</summary>
    private sealed class BlockReader(SafeFileHandle handle)
    {
        private long _offset;

        public bool AtEnd { get; private set; }

        public void Fill(byte[] buffer, int from, out int filled)
        {
            filled = from;
            while (filled < buffer.Length)
            {
                var n = RandomAccess.Read(handle, buffer.AsSpan(filled), _offset);
                if (n == 0)
                {
                    AtEnd = true;
                    return;
                }
                filled += n;
                _offset += n;
            }
        }
    }
}
