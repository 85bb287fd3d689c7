using System.IO.Hashing;
using CertDesk.Domain.Kpi;
using Microsoft.Win32.SafeHandles;

namespace CertDesk.Files;

/// <summary>
/// A block handed to a worker: whole rows, the first <see cref="Length"/> bytes of the worker's buffer, number
/// <see cref="Sequence"/> in file order, read from <see cref="Offset"/> of the file.
/// </summary>
internal readonly record struct RowBlock(long Sequence, int Length, long Offset);

/// <summary>
/// Cuts a CSV file into blocks of whole rows for workers that parse them in parallel (<c>kpi aggregate</c>, <c>import
/// cdr</c>, <c>staff --forecast</c>): one caller at a time, in file order, each block is read (one positioned read) into the
/// caller's own buffer from where the last block ended, and cut at its last row boundary outside quotes
/// (<see cref="CsvRows.CompleteRowsLength"/>). A row longer than a block grows the buffer, up to <paramref name="maxRowBytes"/>.
/// <paramref name="hash"/>, when given, is fed each block as it is cut: in file order, while the bytes are still in the cache.
/// </summary>
/// <remarks>
/// Read, not memory-mapped: copying the page cache into a reused buffer costs the kernel less than mapping and
/// unmapping every page of every view (a tenth of the CPU samples of a 10-million-row run went to faults and unmaps),
/// and a file that shrinks while it is read is then an error, not a SIGBUS that stops the process.
/// </remarks>
internal sealed class RowBlocks(SafeFileHandle file, long length, long start, int blockBytes, int maxRowBytes, NonCryptographicHashAlgorithm? hash = null)
{
    private readonly Lock _lock = new();
    private long _position = start;
    private bool _stopped;

    /// <summary>Blocks handed out so far.</summary>
    public long Blocks { get; private set; }

    /// <summary>True when a row longer than the largest block stopped the cutting.</summary>
    public bool TooLongRow { get; private set; }

    /// <summary>True when the file ended before the length it had when it was opened (another program wrote to it).</summary>
    public bool Shrank { get; private set; }

    /// <summary>No more blocks are handed out.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
        }
    }

    /// <summary>The next block, read into <paramref name="buffer"/> (replaced by a larger one for a row longer than a block); null at the end.</summary>
    public RowBlock? Next(ref byte[] buffer)
    {
        lock (_lock)
        {
            var left = length - _position;
            if (_stopped || left <= 0)
            {
                return null;
            }
            var window = (int)Math.Min(left, blockBytes);
            while (true)
            {
                if (buffer.Length < window)
                {
                    buffer = new byte[window];
                }
                if (!ReadFully(file, buffer.AsSpan(0, window), _position))
                {
                    Shrank = true;
                    _stopped = true;
                    return null;
                }
                var rows = window == left ? window : CsvRows.CompleteRowsLength(buffer.AsSpan(0, window));
                if (rows > 0)
                {
                    hash?.Append(buffer.AsSpan(0, rows));
                    var block = new RowBlock(Blocks++, rows, _position);
                    _position += rows;
                    return block;
                }
                if (window >= maxRowBytes)
                {
                    // No whole row in the largest block: stop here; the blocks before are still handed out and parsed.
                    TooLongRow = true;
                    _stopped = true;
                    return null;
                }
                window = (int)Math.Min(left, (long)window * 2);
            }
        }
    }

    /// <summary>Fills <paramref name="into"/> from <paramref name="offset"/>; false when the file ends first.</summary>
    public static bool ReadFully(SafeFileHandle file, Span<byte> into, long offset)
    {
        while (into.Length > 0)
        {
            var read = RandomAccess.Read(file, into, offset);
            if (read == 0)
            {
                return false;
            }
            into = into[read..];
            offset += read;
        }
        return true;
    }
}
