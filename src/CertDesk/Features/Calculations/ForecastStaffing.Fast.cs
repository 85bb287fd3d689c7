using System.Buffers;
using System.IO.Hashing;
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
    /// <remarks>
    /// A forecast repeats the same calls and AHT all year, and the same two numbers have the same answer. So each worker
    /// remembers answers by the text of those two fields ("calls,aht" as written, hashed and compared whole): a row whose
    /// text is remembered takes the remembered answer without its numbers being parsed again, and only new texts are
    /// solved, a new text's other rows in the same chunk waiting for its one answer.
    /// A slot per hash keeps the memory flat (two texts of one slot take turns, and are solved again when they return);
    /// a text seen before was checked when first seen, and the same bytes pass the same checks.
    /// </remarks>
    private sealed class FastBlock(decimal intervalSeconds, StaffingTargets targets, bool erlangA)
    {
        private readonly (int Start, int Length)[] _rowText = new (int, int)[ChunkRows];
        private readonly byte[]?[] _texts = new byte[]?[ChunkRows]; // a row's remembered answer, or null: see _pendingOf
        private readonly int[] _pendingOf = new int[ChunkRows]; // the row's interval among those to solve
        private readonly ForecastInterval[] _unsolved = new ForecastInterval[ChunkRows];
        private readonly int[] _unsolvedSlot = new int[ChunkRows]; // where its answer is to be remembered
        private readonly StaffingResult[] _results = new StaffingResult[ChunkRows];
        private readonly byte[][] _solvedTexts = new byte[ChunkRows][];
        private readonly Remembered[] _remembered = new Remembered[Chunk.AnswerSlots];
        private int _pending;
        private int _chunk = 1; // numbers the chunks: a remembered text still to be solved belongs to this one (0: no chunk)
        private byte[] _out = new byte[FastBlockBytes * 3];
        private int _outUsed;
        private TimestampCache _timestamps;

        private struct Remembered
        {
            public byte[]? Numbers; // the calls and AHT text; null in a slot never used
            public byte[]? Text; // null while it waits to be solved with its chunk
            public int Chunk;
            public int Pending;
        }

        public int Rows { get; private set; }

        /// <summary>False when a row is not one the fast path takes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of a short command: compiled optimized at once, with the span helpers inlined
        public bool SolveAndFormat(ReadOnlySpan<byte> rows)
        {
            Rows = 0;
            _outUsed = 0;
            _pending = 0; // nothing left waiting from a block that stopped half-way
            _chunk++;
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
                if (!TryRow(rows[at..end], count))
                {
                    return false;
                }
                _rowText[count++] = (at, end - at);
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
        /// around it, the time in one of the two usual shapes, the numbers in range. Its answer is then remembered, or its
        /// interval is among those to solve. False leaves the deciding to that path.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of a short command: compiled optimized at once, with the span helpers inlined
        private bool TryRow(ReadOnlySpan<byte> row, int index)
        {
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
            var queue = row[..first];
            var start = row[(first + 1)..second];
            if (!Bare(queue) || !Bare(start) || !CdrTimestamp.TryParseCommon(start, ref _timestamps, out _))
            {
                return false;
            }
            var numbers = row[(second + 1)..];
            if (numbers.IsEmpty)
            {
                return false; // three fields: the careful way names the row
            }
            var slot = (int)(XxHash3.HashToUInt64(numbers) >> (64 - Chunk.AnswerBits));
            ref var known = ref _remembered[slot];
            if (numbers.SequenceEqual(known.Numbers))
            {
                if (known.Text is not null)
                {
                    _texts[index] = known.Text;
                    return true;
                }
                if (known.Chunk == _chunk)
                {
                    _texts[index] = null;
                    _pendingOf[index] = known.Pending;
                    return true;
                }
            }
            if (!TryInterval(numbers, out var interval))
            {
                return false;
            }
            _texts[index] = null;
            _pendingOf[index] = _pending;
            _unsolved[_pending] = interval;
            _unsolvedSlot[_pending] = slot;
            known = new Remembered { Numbers = numbers.ToArray(), Chunk = _chunk, Pending = _pending };
            _pending++;
            return true;
        }

        /// <summary>The calls and AHT fields (the rest of the row after the time): two bare numbers in range.</summary>
        private bool TryInterval(ReadOnlySpan<byte> numbers, out ForecastInterval interval)
        {
            interval = default;
            var comma = numbers.IndexOf((byte)',');
            if (comma < 0 || numbers[(comma + 1)..].Contains((byte)','))
            {
                return false;
            }
            var callsText = numbers[..comma];
            var ahtText = numbers[(comma + 1)..];
            if (!Bare(callsText) || !Bare(ahtText)
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

        /// <summary>Solves the chunk's new intervals, remembers their answers, and formats the chunk's rows.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop of a short command: compiled optimized at once, with the span helpers inlined
        private void SolveAndFormat(ReadOnlySpan<byte> rows, int count)
        {
            if (_pending > 0)
            {
                using (Observability.CertDeskTelemetry.MeasureSolver("staffing"))
                {
                    StaffingSolver.SolveMany(_unsolved.AsSpan(0, _pending), intervalSeconds, targets, _results);
                }
                for (var k = 0; k < _pending; k++)
                {
                    var text = Encoding.UTF8.GetBytes(Chunk.AnswerText(_results[k], erlangA));
                    _solvedTexts[k] = text;
                    ref var known = ref _remembered[_unsolvedSlot[k]];
                    if (known.Text is null && known.Chunk == _chunk && known.Pending == k)
                    {
                        known.Text = text; // still this text's slot: no later text of the chunk took it
                    }
                }
            }
            for (var i = 0; i < count; i++)
            {
                var text = _texts[i] ?? _solvedTexts[_pendingOf[i]];
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
            _pending = 0;
            _chunk++;
        }
    }
}
