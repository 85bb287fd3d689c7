using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Unicode;
using CertDesk.Domain.Kpi;
using CertDesk.Domain.Staffing;
using CertDesk.Files;
using Microsoft.Win32.SafeHandles;

namespace CertDesk.Features.Calculations;

/// <summary>
/// The fast path of <c>staff --forecast</c>: the usual file (the documented header, plain rows) read, solved and written as
/// UTF-8 bytes, block by block on every core. Anything else goes the careful way (ForecastStaffing.cs), which names errors.
/// </summary>
/// <remarks>
/// Why not Sep here: Sep hands out UTF-16 fields, and the careful path then encodes its output back to UTF-8; on a year of
/// 20 queues (24 MB in, 68 MB out) the decoding, the per-field calls and the encoding were most of the command. A plain row
/// is four fields without quotes, so its bytes are split on three commas and written out as they came, followed by the
/// answer. Blocks of whole rows are read in turn into each worker's buffer, solved and formatted there, and written in file
/// order, so the output is the careful path's byte for byte (tests compare both) and memory stays a few blocks.
/// A block with anything unusual (a quote, a blank line, a field with spaces around it, another number of fields, invalid
/// UTF-8, a timestamp in another shape, a number out of range) stops the fast path: the careful path then reads the
/// whole file again and writes the same output, or names every bad row.
/// </remarks>
public static partial class ForecastStaffing
{
    private const int FastBlockBytes = 1 << 20;

    private static ReadOnlySpan<byte> PlainHeader => "queue,interval_start,calls,aht_seconds"u8;

    /// <summary>
    /// Solves and writes the whole file the fast way into <paramref name="temporary"/>, returning the rows; null when the file
    /// is not one the fast path takes (then <paramref name="temporary"/> holds nothing of use, and the caller goes the careful way).
    /// </summary>
    private static long? TryRunFast(string inPath, string temporary, decimal intervalSeconds, StaffingTargets targets, CancellationToken ct)
    {
        using var file = File.OpenHandle(inPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(file);
        Span<byte> head = stackalloc byte[PlainHeader.Length + 2];
        var headLength = RandomAccess.Read(file, head, 0);
        var headerEnd = HeaderLength(head[..headLength]);
        if (headerEnd < 0)
        {
            return null;
        }
        var erlangA = targets.PatienceSeconds is not null;
        using var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0);
        output.Write(Encoding.UTF8.GetBytes(string.Join(',', OutputColumns(erlangA)) + CsvTable.RecordEnd));
        var run = new FastRun(file, length, headerEnd, output, intervalSeconds, targets, erlangA, ct);
        var workers = (int)Math.Clamp(Math.Min(Environment.ProcessorCount, length / FastBlockBytes + 1), 1, 8);
        var others = new Task[workers - 1];
        for (var w = 0; w < others.Length; w++)
        {
            others[w] = Task.Factory.StartNew(run.Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        try
        {
            run.Work(); // returns when no block is left to take; the others may still be writing theirs
        }
        finally
        {
            try
            {
                Task.WaitAll(others, CancellationToken.None);
            }
            catch (AggregateException)
            {
                // observed below, unless this thread's own exception is already on its way
            }
        }
        foreach (var other in others)
        {
            other.GetAwaiter().GetResult(); // a worker's exception as it was thrown, not wrapped
        }
        ct.ThrowIfCancellationRequested();
        return run.Declined ? null : run.Rows;
    }

    /// <summary>The bytes of the documented header and its line break, or -1 for any other first line.</summary>
    private static int HeaderLength(ReadOnlySpan<byte> head)
    {
        if (!head.StartsWith(PlainHeader))
        {
            return -1;
        }
        var rest = head[PlainHeader.Length..];
        return rest.StartsWith("\n"u8) ? PlainHeader.Length + 1 : rest.StartsWith("\r\n"u8) ? PlainHeader.Length + 2 : -1;
    }

    /// <summary>One fast run: the block cutter, the turn of the writes, and what the workers found.</summary>
    private sealed class FastRun(SafeFileHandle file, long length, long start, Stream output, decimal intervalSeconds, StaffingTargets targets,
        bool erlangA, CancellationToken ct)
    {
        // A row longer than a block goes the careful way.
        private readonly RowBlocks _blocks = new(file, length, start, FastBlockBytes, maxRowBytes: FastBlockBytes);
        private readonly object _lock = new(); // a Monitor: workers wait on it for their turn to write
        private long _written; // blocks written so far: the block of that number writes next
        private bool _stopped;
        private long _rows;

        public bool Declined { get; private set; }

        public long Rows => Interlocked.Read(ref _rows);

        public void Stop() => Stop(declined: false);

        private void Stop(bool declined)
        {
            _blocks.Stop();
            lock (_lock)
            {
                Declined |= declined;
                _stopped = true;
                Monitor.PulseAll(_lock);
            }
        }

        public void Work()
        {
            try
            {
                WorkOn();
            }
            catch
            {
                Stop(); // no worker waits for a turn that will not come
                throw;
            }
        }

        private void WorkOn()
        {
            var buffer = new byte[FastBlockBytes];
            var block = new FastBlock(intervalSeconds, targets, erlangA);
            while (!ct.IsCancellationRequested && _blocks.Next(ref buffer) is { } next)
            {
                if (!block.SolveAndFormat(buffer.AsSpan(0, next.Length)))
                {
                    Stop(declined: true);
                    return;
                }
                lock (_lock)
                {
                    while (_written != next.Sequence && !_stopped)
                    {
                        Monitor.Wait(_lock);
                    }
                    if (_stopped)
                    {
                        return;
                    }
                }
                // This block's turn: the one before it is written, and no other writes until this one is.
                block.WriteTo(output);
                Interlocked.Add(ref _rows, block.Rows);
                lock (_lock)
                {
                    _written++;
                    Monitor.PulseAll(_lock);
                }
            }
            if (_blocks.TooLongRow || _blocks.Shrank)
            {
                Stop(declined: true); // the careful way names what is wrong
            }
        }
    }

    /// <summary>A worker's rows of one block: parsed, solved and formatted into its output bytes.</summary>
    private sealed class FastBlock(decimal intervalSeconds, StaffingTargets targets, bool erlangA)
    {
        private readonly ForecastInterval[] _intervals = new ForecastInterval[ChunkRows];
        private readonly StaffingResult[] _results = new StaffingResult[ChunkRows];
        private readonly ForecastInterval[] _unsolved = new ForecastInterval[ChunkRows];
        private readonly byte[]?[] _texts = new byte[]?[ChunkRows];
        private readonly (int Start, int Length)[] _rowText = new (int, int)[ChunkRows];
        private readonly (ForecastInterval Interval, byte[]? Text)[] _answers = new (ForecastInterval, byte[]?)[Chunk.AnswerSlots];
        private byte[] _out = new byte[FastBlockBytes * 3];
        private int _outUsed;
        private TimestampCache _timestamps;

        public int Rows { get; private set; }

        /// <summary>False when a row is not one the fast path takes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of a short command: compiled optimized at once, with the span helpers inlined
        public bool SolveAndFormat(ReadOnlySpan<byte> rows)
        {
            Rows = 0;
            _outUsed = 0;
            if (rows.IndexOf((byte)'"') >= 0 || !Utf8.IsValid(rows))
            {
                return false;
            }
            var count = 0;
            var at = 0;
            while (at < rows.Length)
            {
                var lineFeed = rows[at..].IndexOf((byte)'\n');
                var end = lineFeed < 0 ? rows.Length : at + lineFeed;
                var next = end + 1;
                if (end > at && rows[end - 1] == '\r')
                {
                    end--;
                }
                if (!TryRow(rows[at..end], out var interval))
                {
                    return false;
                }
                _rowText[count] = (at, end - at);
                _intervals[count++] = interval;
                if (count == ChunkRows)
                {
                    SolveAndFormat(rows, count);
                    count = 0;
                }
                at = next;
            }
            SolveAndFormat(rows, count);
            return true;
        }

        public void WriteTo(Stream output) => output.Write(_out, 0, _outUsed);

        /// <summary>
        /// A row the careful path would accept as it stands, with the same values: four fields, none empty or with spaces
        /// around it, the time in one of the two usual shapes, the numbers in range. False leaves the deciding to that path.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of a short command: compiled optimized at once, with the span helpers inlined
        private bool TryRow(ReadOnlySpan<byte> row, out ForecastInterval interval)
        {
            interval = default;
            if (row.Contains((byte)'\r'))
            {
                return false; // a carriage return alone ends a row for the CSV reader
            }
            var first = row.IndexOf((byte)',');
            if (first < 0)
            {
                return false;
            }
            var second = row[(first + 1)..].IndexOf((byte)',') + first + 1;
            if (second <= first)
            {
                return false;
            }
            var third = row[(second + 1)..].IndexOf((byte)',') + second + 1;
            if (third <= second || row[(third + 1)..].Contains((byte)','))
            {
                return false;
            }
            var queue = row[..first];
            var start = row[(first + 1)..second];
            var callsText = row[(second + 1)..third];
            var ahtText = row[(third + 1)..];
            if (!Bare(queue) || !Bare(start) || !Bare(callsText) || !Bare(ahtText)
                || !CdrTimestamp.TryParseCommon(start, ref _timestamps, out _)
                || !TryNumber(callsText, out var calls) || calls < 0 || !TryNumber(ahtText, out var aht) || aht <= 0
                || (double)calls * (double)aht / (double)intervalSeconds > StaffingSolver.MaxTraffic)
            {
                return false;
            }
            interval = new ForecastInterval(calls, aht);
            return true;
        }

        /// <summary>Not empty, and nothing the careful path's trimming would take off at either end (white space; ASCII controls too, to be sure).</summary>
        private static bool Bare(ReadOnlySpan<byte> field)
        {
            if (field.IsEmpty)
            {
                return false;
            }
            if (field[0] < 0x80 ? field[0] <= ' ' : Rune.DecodeFromUtf8(field, out var first, out _) != OperationStatus.Done || Rune.IsWhiteSpace(first))
            {
                return false;
            }
            return field[^1] < 0x80 ? field[^1] > ' ' : Rune.DecodeLastFromUtf8(field, out var last, out _) == OperationStatus.Done && !Rune.IsWhiteSpace(last);
        }

        /// <summary>The careful path's <see cref="ForecastStaffing.TryNumber"/> on the UTF-8 text: whole numbers first, the same decimal otherwise.</summary>
        private static bool TryNumber(ReadOnlySpan<byte> text, out decimal value)
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var whole))
            {
                value = whole;
                return true;
            }
            return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of a short command: compiled optimized at once, with the span helpers inlined
        private void SolveAndFormat(ReadOnlySpan<byte> rows, int count)
        {
            if (count == 0)
            {
                return;
            }
            // A forecast repeats the same (calls, AHT) pairs all year, and the same interval has the same answer: a row whose
            // interval is remembered takes the remembered answer's text, and only the others are solved (see Chunk.SolveAndWrite).
            var pending = 0;
            for (var i = 0; i < count; i++)
            {
                ref var known = ref _answers[Chunk.Slot(_intervals[i])];
                if (known.Text is not null && Chunk.SameBits(known.Interval, _intervals[i]))
                {
                    _texts[i] = known.Text;
                }
                else
                {
                    _texts[i] = null;
                    _unsolved[pending++] = _intervals[i];
                }
            }
            if (pending > 0)
            {
                using (Observability.CertDeskTelemetry.MeasureSolver("staffing"))
                {
                    StaffingSolver.SolveMany(_unsolved.AsSpan(0, pending), intervalSeconds, targets, _results);
                }
                var solved = 0;
                for (var i = 0; i < count; i++)
                {
                    if (_texts[i] is not null)
                    {
                        continue;
                    }
                    var result = _results[solved++];
                    ref var known = ref _answers[Chunk.Slot(_intervals[i])];
                    if (known.Text is null || !Chunk.SameBits(known.Interval, _intervals[i]))
                    {
                        known = (_intervals[i], Encoding.UTF8.GetBytes(Chunk.AnswerText(result, erlangA)));
                    }
                    _texts[i] = known.Text;
                }
            }
            for (var i = 0; i < count; i++)
            {
                var text = _texts[i]!;
                var (start, length) = _rowText[i];
                var room = length + text.Length + 2;
                if (_outUsed + room > _out.Length)
                {
                    Array.Resize(ref _out, Math.Max(_out.Length * 2, _outUsed + room));
                }
                rows.Slice(start, length).CopyTo(_out.AsSpan(_outUsed));
                _outUsed += length;
                text.CopyTo(_out.AsSpan(_outUsed));
                _outUsed += text.Length;
                _out[_outUsed++] = (byte)'\r'; // CsvTable.RecordEnd
                _out[_outUsed++] = (byte)'\n';
            }
            Rows += count;
        }
    }
}
