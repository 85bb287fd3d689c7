using System.Runtime.CompilerServices;

namespace CertDesk.Domain.Kpi;

/// <summary>
/// The sums of a table's cells by cell number, kept in chunks of 4,096 cells. Growing adds chunks and never copies: a
/// single array that doubles holds the old and the new array at once while it copies, and with two workers growing to
/// their budget together the five-year file peaked some 60 MB above the cells it kept.
/// </summary>
public sealed class CellTotals
{
    private const int ChunkBits = 12;
    private const int ChunkCells = 1 << ChunkBits;
    private const int ChunkMask = ChunkCells - 1;

    private IntervalTotals[][] _chunks = [];

    /// <summary>Cells there is room for (whole chunks).</summary>
    public int Capacity => _chunks.Length << ChunkBits;

    public ref IntervalTotals this[int cell]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _chunks[cell >> ChunkBits][cell & ChunkMask];
    }

    /// <summary>Room for at least <paramref name="cells"/> cells; the cells already there stay where they are.</summary>
    public void EnsureCapacity(int cells)
    {
        if (cells <= Capacity)
        {
            return;
        }
        var chunks = _chunks;
        var more = new IntervalTotals[(int)(((long)cells + ChunkMask) >> ChunkBits)][];
        chunks.CopyTo(more, 0);
        for (var c = chunks.Length; c < more.Length; c++)
        {
            more[c] = new IntervalTotals[ChunkCells];
        }
        _chunks = more;
    }

    /// <summary>The first <paramref name="count"/> cells back to zero (the room stays).</summary>
    public void Clear(int count)
    {
        for (var c = 0; count > 0; c++, count -= ChunkCells)
        {
            Array.Clear(_chunks[c], 0, Math.Min(count, ChunkCells));
        }
    }
}
