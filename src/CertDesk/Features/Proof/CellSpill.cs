using System.Runtime.CompilerServices;
using CertDesk.Domain.Kpi;
using Microsoft.Win32.SafeHandles;

namespace CertDesk.Features.Proof;

/// <summary>
/// One worker's (team, interval) cells written out when its table reaches the cell budget: each spill is a run of the
/// table's cells sorted by (team id, interval), appended to one temporary file that is deleted when this is disposed
/// (and by the system when the handle closes: <see cref="FileOptions.DeleteOnClose"/>). <see cref="CellMerge"/> reads the
/// runs back in order.
/// </summary>
/// <remarks>
/// Why not a database or an external sort library: the runs are written sorted already (the table sorts its cells for
/// the output anyway), so what is left is a plain k-way merge of a few sorted files; an embedded database would copy
/// every cell through its own pages and sort again, and no library on hand merges our sums. A record is 14 LEB128
/// varints: the worker's team index, the interval (as the gap from the previous record's when the team is the same), and
/// the 12 sums, most of which fit in one or two bytes (about 25 bytes a cell instead of the table's 125).
/// </remarks>
internal sealed class CellSpill : IDisposable
{
    /// <summary>The longest record: 14 varints of at most 10 bytes.</summary>
    public const int MaxRecordBytes = 14 * 10;

    private readonly SafeFileHandle _file;
    private readonly List<(long Start, long End, int Count)> _runs = [];
    private readonly byte[] _buffer = new byte[1 << 16];
    private long _length;
    private long[] _keys = [];
    private int[] _cells = [];

    public CellSpill(string directory)
    {
        Path = System.IO.Path.Combine(directory, "certdesk-cells-" + Guid.NewGuid().ToString("N") + ".tmp");
        _file = File.OpenHandle(Path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
    }

    public string Path { get; }

    public int Runs => _runs.Count;

    /// <summary>The cells in all runs (a cell may be in several runs, and in the tables).</summary>
    public long Cells => _runs.Sum(r => (long)r.Count);

    /// <summary>Writes the aggregator's cells as one sorted run, then empties its table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one call, one long loop: compiled optimized at once
    public void Write(IntervalAggregator aggregator)
    {
        var count = aggregator.CellCount;
        if (_keys.Length < count)
        {
            _keys = new long[count];
            _cells = new int[count];
        }
        // Sorted by the worker's own teams; the file keeps the team's index, which later teams do not change.
        aggregator.SortCellsByTeamId(_keys, _cells);

        var start = _length;
        var used = 0;
        var previousTeam = -1;
        long previousInterval = 0;
        for (var i = 0; i < count; i++)
        {
            if (used + MaxRecordBytes > _buffer.Length)
            {
                Flush(used);
                used = 0;
            }
            var team = (int)(_keys[i] >> IntervalAggregator.IntervalBits);
            var interval = _keys[i] & IntervalAggregator.IntervalMask;
            var span = _buffer.AsSpan();
            used += Varint.Write(span[used..], (ulong)team);
            used += Varint.Write(span[used..], (ulong)(team == previousTeam ? interval - previousInterval : interval));
            previousTeam = team;
            previousInterval = interval;
            ref readonly var t = ref aggregator.Totals(_cells[i]);
            used += Varint.Write(span[used..], (ulong)t.Offered);
            used += Varint.Write(span[used..], (ulong)t.Answered);
            used += Varint.Write(span[used..], (ulong)t.Abandoned);
            used += Varint.Write(span[used..], (ulong)t.WithinThreshold);
            used += Varint.Write(span[used..], (ulong)t.WaitAnswered);
            used += Varint.Write(span[used..], (ulong)t.Handle);
            used += Varint.Write(span[used..], (ulong)t.Hold);
            used += Varint.Write(span[used..], (ulong)t.Wrap);
            used += Varint.Write(span[used..], (ulong)t.Transferred);
            used += Varint.Write(span[used..], (ulong)t.ResolvedFirstContact);
            used += Varint.Write(span[used..], (ulong)t.CsatSum);
            used += Varint.Write(span[used..], (ulong)t.CsatCount);
        }
        Flush(used);
        _runs.Add((start, _length, count));
        aggregator.ClearCells();
    }

    private void Flush(int used)
    {
        RandomAccess.Write(_file, _buffer.AsSpan(0, used), _length);
        _length += used;
    }

    /// <summary>Readers of every run, their keys in the output's team ranks (<paramref name="rankOf"/> the worker's team index to rank).</summary>
    public IEnumerable<CellSource> Readers(int[] rankOf) => _runs.Select(r => new RunReader(_file, r.Start, r.End, r.Count, rankOf));

    public void Dispose() => _file.Dispose();

    /// <summary>One run read back, record by record, through its own small buffer (positioned reads: runs share the file).</summary>
    private sealed class RunReader(SafeFileHandle file, long position, long end, int count, int[] rankOf) : CellSource
    {
        private readonly byte[] _buffer = new byte[1 << 15];
        private int _at;
        private int _filled;
        private int _team = -1;
        private long _interval;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called once per cell: compiled optimized at once, not tier 0 first
        public override bool MoveNext()
        {
            if (count == 0)
            {
                return false;
            }
            count--;
            if (_filled - _at < MaxRecordBytes)
            {
                Refill();
            }
            var span = _buffer.AsSpan(0, _filled);
            var team = (int)Varint.Read(span, ref _at);
            var gap = (long)Varint.Read(span, ref _at);
            _interval = team == _team ? _interval + gap : gap;
            _team = team;
            Key = ((long)rankOf[team] << IntervalAggregator.IntervalBits) | _interval;
            Totals.Offered = (long)Varint.Read(span, ref _at);
            Totals.Answered = (long)Varint.Read(span, ref _at);
            Totals.Abandoned = (long)Varint.Read(span, ref _at);
            Totals.WithinThreshold = (long)Varint.Read(span, ref _at);
            Totals.WaitAnswered = (long)Varint.Read(span, ref _at);
            Totals.Handle = (long)Varint.Read(span, ref _at);
            Totals.Hold = (long)Varint.Read(span, ref _at);
            Totals.Wrap = (long)Varint.Read(span, ref _at);
            Totals.Transferred = (long)Varint.Read(span, ref _at);
            Totals.ResolvedFirstContact = (long)Varint.Read(span, ref _at);
            Totals.CsatSum = (long)Varint.Read(span, ref _at);
            Totals.CsatCount = (long)Varint.Read(span, ref _at);
            return true;
        }

        private void Refill()
        {
            var rest = _filled - _at;
            _buffer.AsSpan(_at, rest).CopyTo(_buffer);
            _filled = rest;
            _at = 0;
            while (_filled < _buffer.Length && position < end)
            {
                var read = RandomAccess.Read(file, _buffer.AsSpan(_filled, (int)Math.Min(_buffer.Length - _filled, end - position)), position);
                if (read == 0)
                {
                    throw new IOException("A temporary run file of the KPI aggregation ended early.");
                }
                _filled += read;
                position += read;
            }
        }
    }

    /// <summary>Unsigned LEB128: 7 bits a byte, low bits first, the high bit set on every byte but the last.</summary>
    private static class Varint
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Write(Span<byte> to, ulong value)
        {
            var n = 0;
            while (value >= 0x80)
            {
                to[n++] = (byte)(value | 0x80);
                value >>= 7;
            }
            to[n++] = (byte)value;
            return n;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Read(ReadOnlySpan<byte> from, ref int at)
        {
            ulong value = 0;
            var shift = 0;
            while (true)
            {
                var b = from[at++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
                shift += 7;
            }
        }
    }
}
