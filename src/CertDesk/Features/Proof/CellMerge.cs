using System.Runtime.CompilerServices;
using CertDesk.Domain.Kpi;

namespace CertDesk.Features.Proof;

/// <summary>A sorted sequence of (team rank, interval) cells: a spilled run, or a worker's table sorted at the end.</summary>
internal abstract class CellSource
{
    /// <summary>(team rank &lt;&lt; <see cref="IntervalAggregator.IntervalBits"/>) | interval: the output's order is the key's.</summary>
    public long Key;

    public IntervalTotals Totals;

    /// <summary>The next cell into <see cref="Key"/> and <see cref="Totals"/>; false at the end.</summary>
    public abstract bool MoveNext();
}

/// <summary>A worker's cells still in memory at the end, handed out in the output's order (<see cref="IntervalAggregator.TakeSortedCells"/>).</summary>
/// <param name="rankOf">The worker's team index to the rank of its id among all workers' teams.</param>
internal sealed class TableCells(SortedCells cells, int[] rankOf) : CellSource
{
    private int _next;

    public int Count => cells.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called once per cell: compiled optimized at once, not tier 0 first
    public override bool MoveNext()
    {
        if (_next == cells.Count)
        {
            return false;
        }
        var key = cells.Keys[_next];
        Key = ((long)rankOf[key >> IntervalAggregator.IntervalBits] << IntervalAggregator.IntervalBits) | (key & IntervalAggregator.IntervalMask);
        Totals = cells.Totals[_next];
        _next++;
        return true;
    }
}

/// <summary>
/// The cells of every worker, spilled or not, merged into the output's order (team id by UTF-8 bytes, then interval), the
/// sums of equal cells added: a k-way merge through a binary heap of the sources by their current key. Streams: it holds
/// one cell of each source at a time.
/// </summary>
internal sealed class CellMerge
{
    private readonly CellSource[] _heap;
    private int _count;

    public CellMerge(IEnumerable<CellSource> sources, byte[][] teams, long intervalTicks)
    {
        Teams = teams;
        IntervalTicks = intervalTicks;
        _heap = [.. sources.Where(s => s.MoveNext())];
        _count = _heap.Length;
        for (var i = _count / 2 - 1; i >= 0; i--)
        {
            SiftDown(i);
        }
    }

    /// <summary>Team ids (UTF-8) by rank.</summary>
    public byte[][] Teams { get; }

    public long IntervalTicks { get; }

    public long Key { get; private set; }

    public IntervalTotals Totals;

    public int TeamRank => (int)(Key >> IntervalAggregator.IntervalBits);

    public DateTime IntervalStart => new((Key & IntervalAggregator.IntervalMask) * IntervalTicks, DateTimeKind.Utc);

    /// <summary>The next cell of the output, the sums of every source holding it added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called once per cell: compiled optimized at once, not tier 0 first
    public bool MoveNext()
    {
        if (_count == 0)
        {
            return false;
        }
        var top = _heap[0];
        Key = top.Key;
        Totals = top.Totals;
        Advance(top);
        while (_count > 0 && _heap[0].Key == Key)
        {
            top = _heap[0];
            Totals.Add(top.Totals);
            Advance(top);
        }
        return true;
    }

    /// <summary>The whole sequence as facts, one at a time.</summary>
    public IEnumerable<IntervalFact> Facts(CancellationToken ct)
    {
        var names = Array.ConvertAll(Teams, t => Encoding.UTF8.GetString(t));
        long count = 0;
        while (MoveNext())
        {
            if ((++count & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
            yield return Totals.ToFact(names[TeamRank], IntervalStart);
        }
    }

    /// <summary>The whole sequence as a list (tests, small files).</summary>
    public List<IntervalFact> ToFacts(CancellationToken ct) => [.. Facts(ct)];

    /// <summary>The top source moves on: it sinks to its place, or leaves the heap when it is done.</summary>
    private void Advance(CellSource top)
    {
        if (!top.MoveNext())
        {
            _heap[0] = _heap[--_count];
        }
        SiftDown(0);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called once per cell: compiled optimized at once, not tier 0 first
    private void SiftDown(int i)
    {
        var item = _heap[i];
        while (true)
        {
            var child = 2 * i + 1;
            if (child >= _count)
            {
                break;
            }
            if (child + 1 < _count && _heap[child + 1].Key < _heap[child].Key)
            {
                child++;
            }
            if (_heap[child].Key >= item.Key)
            {
                break;
            }
            _heap[i] = _heap[child];
            i = child;
        }
        _heap[i] = item;
    }
}

/// <summary>
/// The cells of a CDR file read by <see cref="CdrAggregation.Read"/>, not merged yet: <see cref="Merge"/> hands them out once
/// in the output's order (team, then interval), so an import writes them as they come instead of holding every fact.
/// Disposing deletes the temporary run files of the cells that went to disk, if any.
/// </summary>
public sealed class CdrCells : IDisposable
{
    private readonly List<CellSource> _sources;
    private readonly byte[][] _teams;
    private readonly long _intervalTicks;
    private readonly CellSpill?[] _spills;
    private bool _merged;
    private bool _disposed;

    internal CdrCells(List<CellSource> sources, byte[][] teams, long intervalTicks, CellSpill?[] spills, long fileBytes)
    {
        (_sources, _teams, _intervalTicks, _spills, FileBytes) = (sources, teams, intervalTicks, spills, fileBytes);
        Teams = Array.ConvertAll(teams, t => Encoding.UTF8.GetString(t));
        MostFacts = sources.OfType<TableCells>().Sum(t => (long)t.Count) + spills.Sum(r => r?.Cells ?? 0);
    }

    /// <summary>How many facts the merge gives at most: the cells of every worker and run (one cell may be in several).</summary>
    public long MostFacts { get; }

    /// <summary>The length of the file as it was read (the bytes a hash fed by the read covered).</summary>
    public long FileBytes { get; }

    /// <summary>The team ids of the file, in the output's order.</summary>
    public IReadOnlyList<string> Teams { get; }

    /// <summary>The merge of the cells: once (the sources are read as it goes).</summary>
    internal CellMerge Merge()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_merged)
        {
            throw new InvalidOperationException("The cells of a CDR file are merged once.");
        }
        _merged = true;
        return new CellMerge(_sources, _teams, _intervalTicks);
    }

    /// <summary>The facts in the output's order, merged as they are asked for (once).</summary>
    public IEnumerable<IntervalFact> Facts(CancellationToken ct) => Merge().Facts(ct);

    /// <summary>How many facts the merge gives (a dry run), without making them.</summary>
    public long CountFacts(CancellationToken ct)
    {
        var merge = Merge();
        long count = 0;
        while (merge.MoveNext())
        {
            if ((++count & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
        }
        return count;
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var runs in _spills)
        {
            runs?.Dispose();
        }
    }
}
