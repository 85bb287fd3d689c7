using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace CertDesk.Domain.Kpi;

/// <summary>
/// Sums validated contacts per (team, interval of arrival in UTC). Memory grows with teams x intervals, never with rows.
/// Not thread-safe: give each worker its own and <see cref="Merge"/> them at the end.
/// </summary>
public sealed class IntervalAggregator
{
    // Interval indexes count from 0001-01-01T00:00Z; even 1-minute intervals stay below 2^33 up to year 9999.
    private const int IntervalBits = 34;

    private readonly Utf8KeyTable _teams = new();
    private readonly Dictionary<long, int> _cells = [];
    private IntervalTotals[] _totals = new IntervalTotals[256];

    // Per team, the last two intervals it had contacts in (start ticks and cell): CDRs come roughly in arrival order, so
    // nearly every row hits one of them (two, because rows near an interval's end go back and forth across it), and the
    // row then costs a subtraction and a compare instead of a division and a hash lookup.
    private Recent[] _recent = NewRecent(16);
    private readonly long _intervalTicks;
    private readonly int _threshold;

    public IntervalAggregator(KpiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _intervalTicks = settings.IntervalTicks;
        _threshold = settings.SlThresholdSeconds;
    }

    public KpiSettings Settings { get; }

    /// <summary>Number of (team, interval) cells so far.</summary>
    public int CellCount => _cells.Count;

    public void Add(ReadOnlySpan<byte> teamIdUtf8, in CdrMeasures contact) =>
        Add(teamIdUtf8, contact.ArrivedUtcTicks, contact.Answered, contact.Abandoned, contact.WaitSeconds, contact.HandleSeconds,
            contact.HoldSeconds, contact.WrapSeconds, contact.Transferred, contact.ResolvedFirstContact, contact.Csat ?? 0, contact.Csat.HasValue);

    /// <summary>
    /// The same, with the measures as arguments (the block parser's hot path). The sums are added without branches: the
    /// flags of a CDR are close to random, so a branch per flag would be mispredicted about half the time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ReadOnlySpan<byte> teamIdUtf8, long arrivedUtcTicks, bool answered, bool abandoned, int waitSeconds, int handleSeconds,
        int holdSeconds, int wrapSeconds, bool transferred, bool resolvedFirstContact, int csat, bool hasCsat)
    {
        var team = _teams.GetOrAdd(teamIdUtf8);
        if ((uint)team >= (uint)_recent.Length)
        {
            var larger = NewRecent(_teams.Count * 2);
            _recent.CopyTo(larger, 0);
            _recent = larger;
        }
        ref var recent = ref _recent[team];
        int cell;
        if ((ulong)(arrivedUtcTicks - recent.Start) < (ulong)_intervalTicks)
        {
            cell = recent.Cell;
        }
        else if ((ulong)(arrivedUtcTicks - recent.PreviousStart) < (ulong)_intervalTicks)
        {
            cell = recent.PreviousCell;
        }
        else
        {
            var interval = arrivedUtcTicks / _intervalTicks;
            cell = Cell(((long)team << IntervalBits) | interval);
            recent.PreviousStart = recent.Start;
            recent.PreviousCell = recent.Cell;
            recent.Start = interval * _intervalTicks;
            recent.Cell = cell;
        }
        ref var t = ref _totals[cell];
        long a = Bit(answered);
        var answeredMask = -a;
        t.Offered++;
        t.Answered += a;
        t.WaitAnswered += waitSeconds & answeredMask;
        t.Handle += handleSeconds & answeredMask;
        t.Hold += holdSeconds & answeredMask;
        t.Wrap += wrapSeconds & answeredMask;
        t.WithinThreshold += a & Bit(waitSeconds <= _threshold);
        t.Abandoned += Bit(abandoned);
        t.Transferred += Bit(transferred);
        t.ResolvedFirstContact += Bit(resolvedFirstContact);
        long c = Bit(hasCsat);
        t.CsatSum += csat & -c;
        t.CsatCount += c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Bit(bool value) => Unsafe.As<bool, byte>(ref value);

    /// <summary>Adds another aggregator's sums (same settings) into this one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one call, one long loop: compiled optimized at once
    public void Merge(IntervalAggregator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Settings != Settings)
        {
            throw new ArgumentException("Aggregators with different settings cannot be merged.", nameof(other));
        }
        var teamMap = new int[other._teams.Count];
        for (var i = 0; i < teamMap.Length; i++)
        {
            teamMap[i] = _teams.GetOrAdd(other._teams[i]);
        }
        const long intervalMask = (1L << IntervalBits) - 1;
        foreach (var (otherKey, o) in other._cells)
        {
            var key = ((long)teamMap[otherKey >> IntervalBits] << IntervalBits) | (otherKey & intervalMask);
            var cell = Cell(key);
            _totals[cell].Add(other._totals[o]);
        }
    }

    /// <summary>The facts sorted by team id (ordinal, by code point, i.e. by UTF-8 bytes), then interval start.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one call, one long loop: compiled optimized at once
    public IReadOnlyList<IntervalFact> ToFacts()
    {
        var order = new int[_teams.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (a, b) => _teams[a].AsSpan().SequenceCompareTo(_teams[b]));
        var rank = new int[order.Length];
        var names = new string[order.Length];
        for (var r = 0; r < order.Length; r++)
        {
            rank[order[r]] = r;
            names[order[r]] = Encoding.UTF8.GetString(_teams[order[r]]);
        }

        // Cells grouped by team rank (a counting sort), then each team's cells sorted by interval: one pass over the table
        // and small sorts, instead of one sort of every key and a lookup per key.
        const long intervalMask = (1L << IntervalBits) - 1;
        var firstOfRank = new int[order.Length + 1];
        foreach (var key in _cells.Keys)
        {
            firstOfRank[rank[key >> IntervalBits] + 1]++;
        }
        for (var r = 0; r < order.Length; r++)
        {
            firstOfRank[r + 1] += firstOfRank[r];
        }
        var intervals = new long[_cells.Count];
        var cells = new int[_cells.Count];
        var next = firstOfRank[..^1];
        foreach (var (key, cell) in _cells)
        {
            var at = next[rank[key >> IntervalBits]]++;
            intervals[at] = key & intervalMask;
            cells[at] = cell;
        }

        var facts = new IntervalFact[intervals.Length];
        for (var r = 0; r < order.Length; r++)
        {
            var from = firstOfRank[r];
            var count = firstOfRank[r + 1] - from;
            Array.Sort(intervals, cells, from, count);
            var name = names[order[r]];
            for (var i = from; i < from + count; i++)
            {
                ref readonly var t = ref _totals[cells[i]];
                facts[i] = new IntervalFact(name, new DateTime(intervals[i] * _intervalTicks, DateTimeKind.Utc), t.Offered, t.Answered, t.Abandoned,
                    t.WithinThreshold, t.WaitAnswered, t.Handle, t.Hold, t.Wrap, t.Transferred, t.ResolvedFirstContact, t.CsatSum, t.CsatCount);
            }
        }
        return facts;
    }

    /// <summary>The cell of a (team, interval) key, made on first use.</summary>
    private int Cell(long key)
    {
        ref var cell = ref CollectionsMarshal.GetValueRefOrAddDefault(_cells, key, out var exists);
        if (!exists)
        {
            cell = _cells.Count - 1;
            if (cell == _totals.Length)
            {
                Array.Resize(ref _totals, _totals.Length * 2);
            }
        }
        return cell;
    }

    private struct Recent
    {
        public long Start;
        public long PreviousStart;
        public int Cell;
        public int PreviousCell;
    }

    /// <summary>Start ticks of <see cref="long.MinValue"/> match no contact: the unsigned distance from it is always at least 2^63.</summary>
    private static Recent[] NewRecent(int count)
    {
        var recent = new Recent[count];
        Array.Fill(recent, new Recent { Start = long.MinValue, PreviousStart = long.MinValue });
        return recent;
    }

    private struct IntervalTotals
    {
        public long Offered;
        public long Answered;
        public long Abandoned;
        public long WithinThreshold;
        public long WaitAnswered;
        public long Handle;
        public long Hold;
        public long Wrap;
        public long Transferred;
        public long ResolvedFirstContact;
        public long CsatSum;
        public long CsatCount;

        public void Add(in IntervalTotals o)
        {
            Offered += o.Offered;
            Answered += o.Answered;
            Abandoned += o.Abandoned;
            WithinThreshold += o.WithinThreshold;
            WaitAnswered += o.WaitAnswered;
            Handle += o.Handle;
            Hold += o.Hold;
            Wrap += o.Wrap;
            Transferred += o.Transferred;
            ResolvedFirstContact += o.ResolvedFirstContact;
            CsatSum += o.CsatSum;
            CsatCount += o.CsatCount;
        }
    }
}
