using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text.Unicode;

namespace CertDesk.Domain.Kpi;

/// <summary>
/// The fast path of <see cref="CdrBlockParser"/>: structural characters found 64 bytes at a time as bit masks, and each
/// row checked and added in one straight pass (<see cref="TryAddRow{TOrder}"/>); a row it does not accept goes the careful
/// way (CdrBlockParser.Careful.cs).
/// </summary>
public sealed partial class CdrBlockParser
{
    /// <summary>Where the fast path finds a column: compiled once per order, so that the documented order is all constants.</summary>
    private interface IColumnOrder
    {
        static abstract int Field(CdrColumn column, int[] fieldOf);
    }

    private readonly struct StandardOrder : IColumnOrder
    {
        public static int Field(CdrColumn column, int[] fieldOf) => (int)column;
    }

    private readonly struct HeaderOrder : IColumnOrder
    {
        public static int Field(CdrColumn column, int[] fieldOf) => fieldOf[(int)column];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // compiled once, optimized: no tier-0 code, OSR and recompiles mid-file
    private CdrBlockResult Parse<TOrder>(ReadOnlySpan<byte> block, List<CdrRowError> errors)
        where TOrder : struct, IColumnOrder
    {
        _errorCount = 0;
        _lineScanPos = 0;
        _lineScanCount = 0;
        var columnCount = _columns.Length;
        long rows = 0;
        long lineBreaks = 0;
        var lastNonAscii = -1; // the last byte >= 0x80 seen: rows from there on get a UTF-8 check
        var rowStart = 0;
        ulong insideCarry = 0; // all ones when the previous chunk ended inside quotes
        var length = block.Length;

        // Positions, in file order, of the separators outside quotes (commas and line feeds), of those line feeds, and of
        // the quotes, for the rows not yet handled: [first, count) of each list.
        var seps = _separators;
        var lines = _lineFeeds;
        var quotes = _quotes;
        int sepFirst = 0, sepCount = 0, lineFirst = 0, lineCount = 0, quoteFirst = 0, quoteCount = 0;
        // Set when positions of the row being read were dropped to bound the lists (a row of thousands of fields or quotes):
        // that row then goes the careful way, which does not need them.
        var dropped = false;

        for (var chunk = 0; chunk < length; chunk += 64)
        {
            var (quoteBits, newlineBits, separatorBits, nonAsciiBits) = Masks(block, chunk);
            lineBreaks += BitOperations.PopCount(newlineBits);
            if (nonAsciiBits != 0)
            {
                lastNonAscii = chunk + 63 - BitOperations.LeadingZeroCount(nonAsciiBits);
            }
            if (quoteBits != 0)
            {
                // Inside quotes where an odd number of quotes came before (RFC 4180 parity: a doubled quote toggles twice).
                var inside = PrefixXor(quoteBits) ^ insideCarry;
                separatorBits &= ~inside;
                insideCarry = (ulong)((long)inside >> 63);
                if (quoteCount + 64 > quotes.Length)
                {
                    dropped |= Compact(ref quotes, ref quoteFirst, ref quoteCount, MaxPendingQuotes);
                }
                quoteCount = Flatten(quotes, quoteCount, quoteBits, chunk);
            }
            else
            {
                separatorBits &= ~insideCarry;
            }
            if (sepCount + 72 > seps.Length)
            {
                // All the unread separators belong to the row being read (rows are handled at their line feed): past the
                // header's number of fields it is not a fast-path row, and the careful path only needs its line feed.
                dropped |= Compact(ref seps, ref sepFirst, ref sepCount, columnCount);
            }
            sepCount = Flatten(seps, sepCount, separatorBits, chunk);
            newlineBits &= separatorBits;
            if (newlineBits == 0)
            {
                continue;
            }
            if (lineCount + 64 > lines.Length)
            {
                Compact(ref lines, ref lineFirst, ref lineCount, int.MaxValue);
            }
            lineCount = Flatten(lines, lineCount, newlineBits, chunk);

            // Each line feed ends a row: [rowStart, lineFeed].
            while (lineFirst < lineCount)
            {
                var lineFeed = lines[lineFirst++];
                var next = lineFeed + 1;
                var rowHasQuote = quoteFirst < quoteCount && quotes[quoteFirst] < lineFeed;
                var last = sepFirst + columnCount - 1;
                if (last < sepCount && seps[last] == lineFeed && FastPath && !dropped)
                {
                    // The header's number of fields (the line feed is the row's first one): the fast path.
                    var ends = seps.AsSpan(sepFirst, columnCount);
                    sepFirst += columnCount;
                    var lastStart = columnCount == 1 ? rowStart : ends[^2] + 1;
                    if (lineFeed > lastStart && block[lineFeed - 1] == '\r')
                    {
                        ends[^1] = lineFeed - 1;
                    }
                    uint quoted = 0;
                    if (rowHasQuote)
                    {
                        var field = 0;
                        do
                        {
                            var at = quotes[quoteFirst++];
                            while (ends[field] < at)
                            {
                                field++;
                            }
                            quoted |= 1u << field;
                        }
                        while (quoteFirst < quoteCount && quotes[quoteFirst] < lineFeed);
                    }
                    var checkUtf8 = lastNonAscii >= rowStart;
                    if (TryAddRow<TOrder>(block, rowStart, next, ends, quoted, checkUtf8, rows + 1))
                    {
                        rows++;
                    }
                    else
                    {
                        rows = ParseRowsOneByOne(block, rowStart, next, rows, checkUtf8, errors);
                    }
                }
                else
                {
                    // Another number of fields, or an empty line: the careful path decides.
                    while (seps[sepFirst] != lineFeed)
                    {
                        sepFirst++;
                    }
                    sepFirst++;
                    while (quoteFirst < quoteCount && quotes[quoteFirst] < lineFeed)
                    {
                        quoteFirst++;
                    }
                    var emptyLine = !rowHasQuote && (lineFeed == rowStart || (lineFeed == rowStart + 1 && block[rowStart] == '\r'));
                    if (!emptyLine)
                    {
                        rows = ParseRowsOneByOne(block, rowStart, next, rows, lastNonAscii >= rowStart, errors);
                    }
                }
                rowStart = next;
                dropped = false;
            }
        }

        if (rowStart < length)
        {
            // The last row lacks its line break (end of file), or a quote is never closed: the careful path names it.
            rows = ParseRowsOneByOne(block, rowStart, length, rows, lastNonAscii >= rowStart, errors);
        }
        _separators = seps;
        _lineFeeds = lines;
        _quotes = quotes;
        return new CdrBlockResult(rows, lineBreaks, _errorCount);
    }

    /// <summary>Appends the positions of the set bits of <paramref name="bits"/> (offset by <paramref name="chunk"/>); returns the new count.</summary>
    /// <remarks>Eight positions are written per round whether or not that many bits are set (the list keeps room for it), so a
    /// typical chunk costs one predictable round instead of a branch per bit.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Flatten(int[] list, int count, ulong bits, int chunk)
    {
        var n = BitOperations.PopCount(bits);
        ref var at = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(list), count);
        for (var i = 0; i < n; i += 8)
        {
            Unsafe.Add(ref at, i) = chunk + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            Unsafe.Add(ref at, i + 1) = chunk + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            Unsafe.Add(ref at, i + 2) = chunk + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            Unsafe.Add(ref at, i + 3) = chunk + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            Unsafe.Add(ref at, i + 4) = chunk + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            Unsafe.Add(ref at, i + 5) = chunk + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            Unsafe.Add(ref at, i + 6) = chunk + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            Unsafe.Add(ref at, i + 7) = chunk + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
        }
        return count + n;
    }

    /// <summary>
    /// Moves the unread part of a position list to its start, growing it when that leaves too little room; keeps at most
    /// <paramref name="keep"/> positions (so that a pathological row cannot grow the lists without bound) and returns true
    /// when it dropped some.
    /// </summary>
    private static bool Compact(ref int[] list, ref int first, ref int count, int keep)
    {
        var unread = count - first;
        var dropped = unread > keep;
        unread = Math.Min(unread, keep);
        var target = unread + 128 > list.Length / 2 ? new int[list.Length * 2] : list;
        Array.Copy(list, first, target, 0, unread);
        list = target;
        first = 0;
        count = unread;
        return dropped;
    }

    /// <summary>Quotes of one row kept for the fast path at most; a row with more goes the careful way.</summary>
    private const int MaxPendingQuotes = 1 << 14;

    /// <summary>Bit masks of the quotes, line feeds and separators (commas and line feeds) among the 64 bytes at <paramref name="chunk"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Quotes, ulong Newlines, ulong Separators, ulong NonAscii) Masks(ReadOnlySpan<byte> block, int chunk)
    {
        ref var origin = ref MemoryMarshal.GetReference(block);
        if (chunk + 64 <= block.Length)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                var v = Vector512.LoadUnsafe(ref origin, (nuint)chunk);
                var n = Vector512.Equals(v, Vector512.Create((byte)'\n')).ExtractMostSignificantBits();
                return (Vector512.Equals(v, Vector512.Create((byte)'"')).ExtractMostSignificantBits(), n,
                    n | Vector512.Equals(v, Vector512.Create((byte)',')).ExtractMostSignificantBits(), v.ExtractMostSignificantBits());
            }
            if (Vector256.IsHardwareAccelerated)
            {
                var lo = Vector256.LoadUnsafe(ref origin, (nuint)chunk);
                var hi = Vector256.LoadUnsafe(ref origin, (nuint)chunk + 32);
                var n = Vector256.Equals(lo, Vector256.Create((byte)'\n')).ExtractMostSignificantBits()
                    | ((ulong)Vector256.Equals(hi, Vector256.Create((byte)'\n')).ExtractMostSignificantBits() << 32);
                var q = Vector256.Equals(lo, Vector256.Create((byte)'"')).ExtractMostSignificantBits()
                    | ((ulong)Vector256.Equals(hi, Vector256.Create((byte)'"')).ExtractMostSignificantBits() << 32);
                var c = Vector256.Equals(lo, Vector256.Create((byte)',')).ExtractMostSignificantBits()
                    | ((ulong)Vector256.Equals(hi, Vector256.Create((byte)',')).ExtractMostSignificantBits() << 32);
                return (q, n, n | c, lo.ExtractMostSignificantBits() | ((ulong)hi.ExtractMostSignificantBits() << 32));
            }
        }
        ulong quotes = 0, newlines = 0, commas = 0, nonAscii = 0;
        var end = Math.Min(chunk + 64, block.Length);
        for (var i = chunk; i < end; i++)
        {
            var b = block[i];
            var bit = 1UL << (i - chunk);
            quotes |= b == '"' ? bit : 0;
            newlines |= b == '\n' ? bit : 0;
            commas |= b == ',' ? bit : 0;
            nonAscii |= b >= 0x80 ? bit : 0;
        }
        return (quotes, newlines, newlines | commas, nonAscii);
    }

    /// <summary>Bit i of the result is the XOR of bits 0..i of <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong PrefixXor(ulong x)
    {
        if (Pclmulqdq.IsSupported)
        {
            return Pclmulqdq.CarrylessMultiply(Vector128.CreateScalar(x), Vector128.Create(ulong.MaxValue), 0).ToScalar();
        }
        x ^= x << 1;
        x ^= x << 2;
        x ^= x << 4;
        x ^= x << 8;
        x ^= x << 16;
        x ^= x << 32;
        return x;
    }

    /// <summary>
    /// The fast path for one complete row with the header's number of fields: true when the row was valid and is added.
    /// False changes nothing; the row then goes through <see cref="ParseRowsOneByOne"/>, which finds and names its errors
    /// (so the reasons and their order come from one place).
    /// </summary>
    /// <param name="ends">The end (exclusive) of each field: its comma, or the row's line break (before a CR).</param>
    /// <param name="quoted">Bit <c>i</c> is set when field <c>i</c> holds a quote.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    /// <param name="row">The row's 1-based number in the block (for <see cref="ContactIds"/>).</param>
    private bool TryAddRow<TOrder>(ReadOnlySpan<byte> block, int rowStart, int next, ReadOnlySpan<int> ends, uint quoted, bool checkUtf8, long row)
        where TOrder : struct, IColumnOrder
    {
        // A field with a quote must be quoted as a whole, its inner quotes doubled: "...""...".
        for (var q = quoted; q != 0; q &= q - 1)
        {
            var i = BitOperations.TrailingZeroCount(q);
            var start = i == 0 ? rowStart : ends[i - 1] + 1;
            var end = ends[i];
            if (end - start < 2 || block[start] != '"' || block[end - 1] != '"' || !InnerQuotesDoubled(block[(start + 1)..(end - 1)]))
            {
                return false;
            }
        }

        var map = _fieldOf;
        var team = Value(block, rowStart, ends, quoted, TOrder.Field(CdrColumn.TeamId, map));
        var contactId = Value(block, rowStart, ends, quoted, TOrder.Field(CdrColumn.ContactId, map));
        if (team.IsEmpty || contactId.IsEmpty
            || Value(block, rowStart, ends, quoted, TOrder.Field(CdrColumn.Queue, map)).IsEmpty)
        {
            return false;
        }
        var answeredText = Value(block, rowStart, ends, quoted, TOrder.Field(CdrColumn.AnsweredAt, map));
        var answered = !answeredText.IsEmpty;
        long answeredAt = 0;
        if (!Timestamp(Value(block, rowStart, ends, quoted, TOrder.Field(CdrColumn.ArrivedAt, map)), out var arrived)
            || !Timestamp(Value(block, rowStart, ends, quoted, TOrder.Field(CdrColumn.EndedAt, map)), out var ended)
            || (answered && !Timestamp(answeredText, out answeredAt)))
        {
            return false;
        }
        if (!Boolean(block, rowStart, ends, quoted, TOrder.Field(CdrColumn.Abandoned, map), out var abandoned)
            | !Boolean(block, rowStart, ends, quoted, TOrder.Field(CdrColumn.Transferred, map), out var transferred)
            | !Boolean(block, rowStart, ends, quoted, TOrder.Field(CdrColumn.ResolvedFirstContact, map), out var resolved)
            | !Whole(block, rowStart, ends, quoted, TOrder.Field(CdrColumn.WaitSeconds, map), out var wait)
            | !Whole(block, rowStart, ends, quoted, TOrder.Field(CdrColumn.HandleSeconds, map), out var handle)
            | !Whole(block, rowStart, ends, quoted, TOrder.Field(CdrColumn.HoldSeconds, map), out var hold)
            | !Whole(block, rowStart, ends, quoted, TOrder.Field(CdrColumn.WrapSeconds, map), out var wrap))
        {
            return false;
        }
        var csatField = TOrder.Field(CdrColumn.Csat, map);
        var csat = 0;
        var hasCsat = !Value(block, rowStart, ends, quoted, csatField).IsEmpty;
        if (hasCsat && !Whole(block, rowStart, ends, quoted, csatField, out csat))
        {
            return false;
        }

        // The row rules (see EndRow).
        if (answered == abandoned || ended < arrived || (answered && (answeredAt < arrived || ended < answeredAt)) || (long)hold + wrap > handle)
        {
            return false;
        }
        if (checkUtf8 && !Utf8.IsValid(block[rowStart..next]))
        {
            return false;
        }
        if ((quoted & (1u << TOrder.Field(CdrColumn.TeamId, map))) != 0 && team.Contains((byte)'"'))
        {
            team = UnescapeTeam(team);
        }
        if (ContactIds?.Refuse(contactId, row) is not null)
        {
            return false;
        }
        _aggregator.Add(team, arrived, answered, abandoned, wait, handle, hold, wrap, transferred, resolved, csat, hasCsat);
        return true;
    }

    /// <summary>Field <paramref name="i"/> of the row, without its enclosing quotes when it is quoted (already checked).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<byte> Value(ReadOnlySpan<byte> block, int rowStart, ReadOnlySpan<int> ends, uint quoted, int i)
    {
        // Inside the block: the bounds come from the block's own separator positions.
        var (start, end) = Bounds(rowStart, ends, quoted, i);
        return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetReference(block), start), end - start);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Timestamp(ReadOnlySpan<byte> value, out long utcTicks) =>
        CdrTimestamp.TryParseCommon(value, ref _timestampCache, out utcTicks)
        || CdrTimestamp.TryParseUtcTicks(value, ref _dateCache, out utcTicks) == TimestampStatus.Ok;

    /// <summary>Field <paramref name="i"/> as <c>true</c>/<c>false</c> (any letter case) or <c>1</c>/<c>0</c>, as <see cref="CdrValues.TryParseBoolean"/>.</summary>
    /// <remarks>Without a branch on the length, which is close to random (4 or 5) from row to row.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Boolean(ReadOnlySpan<byte> block, int rowStart, ReadOnlySpan<int> ends, uint quoted, int i, out bool value)
    {
        var (start, end) = Bounds(rowStart, ends, quoted, i);
        if (start + 8 > block.Length || !BitConverter.IsLittleEndian)
        {
            return CdrValues.TryParseBoolean(block[start..end], out value);
        }
        var length = end - start;
        var raw = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetReference(block), start)); // start + 8 <= block.Length
        var lower = raw | 0x20_2020_2020UL; // letters to lower case, as TryParseBoolean does byte by byte
        var isTrue = (length == 4) & ((uint)lower == 0x6575_7274u); // "true"
        var isFalse = (length == 5) & ((lower & 0xFF_FFFF_FFFFUL) == 0x65_736C_6166UL); // "false"
        var isOne = (length == 1) & ((byte)raw == '1');
        var isZero = (length == 1) & ((byte)raw == '0');
        value = isTrue | isOne;
        return isTrue | isFalse | isOne | isZero;
    }

    /// <summary>Field <paramref name="i"/> as a whole number of at most 9 digits, as <see cref="CdrValues.TryParseWhole"/> accepts.</summary>
    /// <remarks>Up to 8 digits are checked and combined eight bytes at once (SWAR), without a branch per digit.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Whole(ReadOnlySpan<byte> block, int rowStart, ReadOnlySpan<int> ends, uint quoted, int i, out int value)
    {
        var (start, end) = Bounds(rowStart, ends, quoted, i);
        var length = end - start;
        if ((uint)(length - 1) < 8 && start + 8 <= block.Length && BitConverter.IsLittleEndian)
        {
            // Digits to 0-9, other bytes above 9; the bytes past the field are shifted out and zeros (leading zeros) come in.
            var x = (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetReference(block), start)) ^ 0x3030_3030_3030_3030UL) << ((8 - length) * 8);
            if ((((x + 0x7676_7676_7676_7676UL) | x) & 0x8080_8080_8080_8080UL) != 0)
            {
                value = 0;
                return false;
            }
            x = (x * 2561) >> 8;
            x = ((x & 0x00FF_00FF_00FF_00FFUL) * 6553601) >> 16;
            value = (int)(uint)(((x & 0x0000_FFFF_0000_FFFFUL) * 42949672960001UL) >> 32);
            return true;
        }
        return CdrValues.TryParseWhole(block[start..end], out value, out _);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int Start, int End) Bounds(int rowStart, ReadOnlySpan<int> ends, uint quoted, int i)
    {
        // i < ends.Length: the fast path only runs on rows with the header's number of fields, and i is a field of the header.
        ref var first = ref MemoryMarshal.GetReference(ends);
        var start = i == 0 ? rowStart : Unsafe.Add(ref first, i - 1) + 1;
        var end = Unsafe.Add(ref first, i);
        if ((quoted & (1u << i)) != 0)
        {
            start++;
            end--;
        }
        return (start, end);
    }
}
