using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace CertDesk.Domain.Kpi;

/// <summary>
/// Sums validated contacts per (team, interval of arrival in UTC). Memory grows with teams x intervals, never with rows.
/// Not thread-safe: give each worker its own, then <see cref="Merge"/> them, or have each hand its cells out in order
/// (<see cref="TakeSortedCells"/>) and merge the sorted sequences; a worker may also write its sorted cells out (to disk,
/// <see cref="SortCellsByTeamId"/>) and <see cref="ClearCells"/> to go on in bounded memory.
/// </summary>
public sealed class IntervalAggregator
{
    /// <summary>
    /// A cell's key is (team &lt;&lt; IntervalBits) | interval index. Interval indexes count from 0001-01-01T00:00Z; even
    /// 1-minute intervals stay below 2^33 up to year 9999.
    /// </summary>
    public const int IntervalBits = 34;

    public const long IntervalMask = (1L << IntervalBits) - 1;

    private const int InitialCells = 256;

    private readonly Utf8KeyTable _teams = new();
    private readonly Dictionary<long, int> _cells = new(InitialCells);
    private CellTotals _totals = NewTotals();
    private int _capacity = InitialCells; // cells the dictionary and the sums have room for

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

    /// <summary>
    /// The table grows by doubling up to this many cells, then to exactly this many; past it only if the caller lets more
    /// cells come before it empties the table (<see cref="ClearCells"/>). A caller that spills the cells a little before the
    /// limit thus keeps the table's memory at this many cells (about 125 bytes each; the sums take whole chunks of
    /// <see cref="CellTotals"/>, at most 4,095 cells more).
    /// </summary>
    public int CellCapacityLimit { get; init; } = int.MaxValue / 2;

    /// <summary>Teams seen so far, by local index (emptying the cells keeps them).</summary>
    public int TeamCount => _teams.Count;

    /// <summary>A team id as read (UTF-8).</summary>
    public byte[] TeamId(int team) => _teams[team];

    /// <summary>The sums of a cell, as <see cref="SortCells"/> numbers them.</summary>
    public ref readonly IntervalTotals Totals(int cell) => ref _totals[cell];

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
        foreach (var (mixed, o) in other._cells)
        {
            var otherKey = Unmix(mixed);
            var key = ((long)teamMap[otherKey >> IntervalBits] << IntervalBits) | (otherKey & IntervalMask);
            var cell = Cell(key);
            _totals[cell].Add(other._totals[o]);
        }
    }

    /// <summary>The facts sorted by team id (ordinal, by code point, i.e. by UTF-8 bytes), then interval start.</summary>
    public IReadOnlyList<IntervalFact> ToFacts()
    {
        var (teams, rankOf) = RankTeams([this]);
        var names = Array.ConvertAll(teams, t => Encoding.UTF8.GetString(t));
        var keys = new long[CellCount];
        var cells = new int[CellCount];
        SortCells(rankOf[0], teams.Length, keys, cells);
        var facts = new IntervalFact[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            facts[i] = _totals[cells[i]].ToFact(names[keys[i] >> IntervalBits], new DateTime((keys[i] & IntervalMask) * _intervalTicks, DateTimeKind.Utc));
        }
        return facts;
    }

    /// <summary>
    /// The teams of several aggregators in the output's order (ordinal by UTF-8 bytes, which is by code point as the contract
    /// sorts team ids): the distinct ids, and for each aggregator the rank of each of its teams among them.
    /// </summary>
    public static (byte[][] Teams, int[][] RankOf) RankTeams(IReadOnlyList<IntervalAggregator> aggregators)
    {
        ArgumentNullException.ThrowIfNull(aggregators);
        var byBytes = Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b));
        var all = aggregators.SelectMany(a => Enumerable.Range(0, a.TeamCount).Select(a.TeamId)).ToArray();
        Array.Sort(all, byBytes);
        var distinct = new List<byte[]>(all.Length);
        foreach (var team in all)
        {
            if (distinct.Count == 0 || !distinct[^1].AsSpan().SequenceEqual(team))
            {
                distinct.Add(team);
            }
        }
        var teams = distinct.ToArray();
        var rankOf = aggregators.Select(a =>
        {
            var ranks = new int[a.TeamCount];
            for (var i = 0; i < ranks.Length; i++)
            {
                ranks[i] = Array.BinarySearch(teams, a.TeamId(i), byBytes);
            }
            return ranks;
        }).ToArray();
        return (teams, rankOf);
    }

    /// <summary>
    /// The cells sorted by (rank of their team, interval): the first <see cref="CellCount"/> places of
    /// <paramref name="keys"/> get (rank &lt;&lt; <see cref="IntervalBits"/>) | interval, and those of <paramref name="cells"/>
    /// the cell to read with <see cref="Totals"/>. A counting sort by rank, then each team's intervals sorted: one pass over
    /// the table and small sorts, instead of one sort of every key.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one call, one long loop: compiled optimized at once
    public void SortCells(ReadOnlySpan<int> rankOf, int ranks, long[] keys, int[] cells)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(cells);
        var firstOfRank = new int[ranks + 1];
        foreach (var mixed in _cells.Keys)
        {
            firstOfRank[rankOf[(int)(Unmix(mixed) >> IntervalBits)] + 1]++;
        }
        for (var r = 0; r < ranks; r++)
        {
            firstOfRank[r + 1] += firstOfRank[r];
        }
        var next = firstOfRank[..^1];
        foreach (var (mixed, cell) in _cells)
        {
            var key = Unmix(mixed);
            var rank = rankOf[(int)(key >> IntervalBits)];
            var at = next[rank]++;
            keys[at] = ((long)rank << IntervalBits) | (key & IntervalMask);
            cells[at] = cell;
        }
        for (var r = 0; r < ranks; r++)
        {
            Array.Sort(keys, cells, firstOfRank[r], firstOfRank[r + 1] - firstOfRank[r]);
        }
    }

    /// <summary>
    /// The cells in the output's order (team id by UTF-8 bytes, then interval), by this aggregator's own teams: the first
    /// <see cref="CellCount"/> places of <paramref name="keys"/> get (team index &lt;&lt; <see cref="IntervalBits"/>) |
    /// interval, and those of <paramref name="cells"/> the cell to read with <see cref="Totals"/>. A team's index never
    /// changes, so such keys still hold when more teams come, and any later ranking of all teams keeps their order.
    /// </summary>
    public void SortCellsByTeamId(long[] keys, int[] cells)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var (_, rankOf) = RankTeams([this]);
        var teamOfRank = new int[rankOf[0].Length];
        for (var team = 0; team < teamOfRank.Length; team++)
        {
            teamOfRank[rankOf[0][team]] = team;
        }
        SortCells(rankOf[0], teamOfRank.Length, keys, cells);
        var count = CellCount;
        for (var i = 0; i < count; i++)
        {
            keys[i] = ((long)teamOfRank[keys[i] >> IntervalBits] << IntervalBits) | (keys[i] & IntervalMask);
        }
    }

    /// <summary>
    /// Hands the cells out in <see cref="SortCellsByTeamId"/>'s order, their sums moved into that order within the table's
    /// own array (no second copy of the table), and empties the cells; the teams stay.
    /// </summary>
    /// <remarks>
    /// A worker calls this when its last block is done, so that the sorting and the scattered reads of the sums (cells are
    /// numbered as contacts first reach them, a team's intervals far apart) run on every core at once, and the merge after
    /// them reads each table straight through.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one call, one long loop: compiled optimized at once
    public SortedCells TakeSortedCells()
    {
        var count = CellCount;
        var keys = new long[count];
        var cells = new int[count];
        SortCellsByTeamId(keys, cells);
        var totals = _totals;
        // Place i takes the sums of cell cells[i]: each cycle of that permutation is followed once, holding its first sums.
        for (var start = 0; start < count; start++)
        {
            if (cells[start] < 0)
            {
                continue;
            }
            var held = totals[start];
            var at = start;
            while (true)
            {
                var from = cells[at];
                cells[at] = -1;
                if (from == start)
                {
                    totals[at] = held;
                    break;
                }
                totals[at] = totals[from];
                at = from;
            }
        }
        _totals = NewTotals();
        _capacity = InitialCells;
        _cells.Clear();
        Array.Fill(_recent, new Recent { Start = long.MinValue, PreviousStart = long.MinValue });
        return new SortedCells(keys, totals, count);
    }

    /// <summary>Empties the table (its cells were handed out); the teams and the arrays stay for the next cells.</summary>
    public void ClearCells()
    {
        _totals.Clear(_cells.Count);
        _cells.Clear();
        Array.Fill(_recent, new Recent { Start = long.MinValue, PreviousStart = long.MinValue });
    }

    /// <summary>The cell of a (team, interval) key, made on first use.</summary>
    private int Cell(long key)
    {
        ref var cell = ref CollectionsMarshal.GetValueRefOrAddDefault(_cells, Mix(key), out var exists);
        if (!exists)
        {
            cell = _cells.Count - 1;
            if (cell == _capacity)
            {
                Grow();
            }
        }
        return cell;
    }

    // The table's keys are the cell keys times an odd constant (a one-to-one map of 64-bit integers). A long's own hash code
    // is its low 32 bits XOR its high 32 bits: for (team << 34) | interval, the team's bits XOR the interval's, so hundreds
    // of (team, interval) pairs share each hash code, and a file where most rows open a new cell (five years of 300 teams)
    // spent its time walking those chains. The product spreads them; the inverse multiplier gives the key back.
    private const ulong KeyMixer = 0x9E3779B97F4A7C15UL;
    private const ulong KeyUnmixer = 0xF1DE83E19937733DUL; // KeyMixer * KeyUnmixer = 1 (mod 2^64)

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Mix(long key) => (long)((ulong)key * KeyMixer);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Unmix(long mixed) => (long)((ulong)mixed * KeyUnmixer);

    /// <summary>Twice the room, or up to <see cref="CellCapacityLimit"/>; the dictionary grows with the sums (never on its own, to twice its count).</summary>
    private void Grow()
    {
        var larger = _capacity < CellCapacityLimit ? (int)Math.Min(2L * _capacity, CellCapacityLimit) : 2 * _capacity;
        _totals.EnsureCapacity(larger);
        _cells.EnsureCapacity(larger);
        _capacity = larger;
    }

    private static CellTotals NewTotals()
    {
        var totals = new CellTotals();
        totals.EnsureCapacity(InitialCells);
        return totals;
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
}

/// <summary>
/// A table's cells handed out in the output's order (<see cref="IntervalAggregator.TakeSortedCells"/>): the first
/// <paramref name="Count"/> keys ((team index &lt;&lt; IntervalBits) | interval) and their sums.
/// </summary>
public readonly record struct SortedCells(long[] Keys, CellTotals Totals, int Count);
