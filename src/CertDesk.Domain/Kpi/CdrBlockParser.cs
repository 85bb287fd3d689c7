using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;
using System.Text.Unicode;

namespace CertDesk.Domain.Kpi;

/// <summary>What <see cref="CdrBlockParser.Parse"/> saw in one block.</summary>
/// <param name="Rows">Data rows (empty lines are not rows).</param>
/// <param name="LineBreaks">Line feeds in the block, quoted ones included (to turn block-relative lines into file lines).</param>
/// <param name="Errors">Errors found, including those past the cap that were not listed.</param>
public readonly record struct CdrBlockResult(long Rows, long LineBreaks, long Errors);

/// <summary>
/// Validates and aggregates a block of whole <c>cdr</c> rows in a single pass over its UTF-8 bytes.
/// One instance per worker; it feeds its own <see cref="IntervalAggregator"/>.
/// </summary>
/// <remarks>
/// Why no CSV library on this path: the job is 10+ million rows where every field is either skipped or turned
/// into a number, boolean or UTC instant. Reading fields as spans of the input buffer, parsing them in place and
/// summing into a (team, interval) table touches each byte about once and allocates nothing per row; a general
/// reader would materialize strings or per-row objects and parse timestamps through culture-aware APIs. The
/// RFC 4180 rules themselves are small (see <see cref="CsvCursor"/>), and blocks split at row boundaries
/// (<see cref="CsvRows"/>) let several workers run this parser in parallel.
/// </remarks>
public sealed class CdrBlockParser
{
    private readonly CdrColumn[] _columns;
    private readonly IntervalAggregator _aggregator;
    private byte[] _teamScratch = new byte[256];
    private int[] _separators = new int[4096];
    private int[] _lineFeeds = new int[1024];
    private int[] _quotes = new int[1024];
    private readonly bool _standardOrder;
    private readonly int[] _fieldOf = new int[CdrColumns.Count];
    private DateCache _dateCache;
    private TimestampCache _timestampCache;

    // Per block: errors so far and an incremental line count for naming the line of an error row.
    private long _errorCount;
    private int _lineScanPos;
    private long _lineScanCount;
    private List<CdrRejectedRow>? _rejected;
    private readonly List<string> _rowReasons = [];

    public CdrBlockParser(CdrHeader header, IntervalAggregator aggregator)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(aggregator);
        _columns = header.FieldColumns.ToArray();
        for (var i = 0; i < _columns.Length; i++)
        {
            _fieldOf[(int)_columns[i]] = i;
        }
        _standardOrder = _columns.AsSpan().SequenceEqual(Enum.GetValues<CdrColumn>());
        _aggregator = aggregator;
    }

    /// <summary>
    /// False sends every row through the field-by-field path (tests compare both paths on the same files); the fast path
    /// must accept exactly the rows that path accepts, with the same values.
    /// </summary>
    internal bool FastPath { get; init; } = true;

    /// <summary>Errors listed per block at most; later ones are only counted.</summary>
    public int MaxListedErrors { get; init; } = 100;

    /// <summary>
    /// Parses <paramref name="block"/>, which starts at a row boundary and holds whole rows (the last one may lack its
    /// line break only at the end of the file). Valid rows go to the aggregator; each invalid row adds errors whose
    /// <see cref="CdrRowError.Row"/> and <see cref="CdrRowError.Line"/> are 1-based within this block.
    /// </summary>
    /// <remarks>
    /// The structural characters (comma, line feed, quote) of each 32-byte chunk are found at once as a bit mask
    /// (Vector256 compares); the loop then walks the set bits, toggling a quote state on each quote (RFC 4180 parity:
    /// a doubled quote toggles twice), and only notes where each field ends. At each line feed the whole row is checked
    /// and added in one straight pass (<see cref="TryAddRow{TOrder}"/>: no call or switch per field, the timestamps through
    /// <see cref="CdrTimestamp.TryParseCommon"/>). A row that pass does not accept (any error, or an unusual but valid
    /// shape) is parsed again field by field by <see cref="ParseRowsOneByOne"/>, the one place that names errors.
    /// </remarks>
    public CdrBlockResult Parse(ReadOnlySpan<byte> block, List<CdrRowError> errors) => Parse(block, errors, null);

    /// <summary>
    /// The same; when <paramref name="rejected"/> is given, every invalid row is also added to it, with its text and all its
    /// reasons (the error list stops at <see cref="MaxListedErrors"/>; this one does not), for <c>--accept-valid</c>.
    /// </summary>
    public CdrBlockResult Parse(ReadOnlySpan<byte> block, List<CdrRowError> errors, List<CdrRejectedRow>? rejected)
    {
        ArgumentNullException.ThrowIfNull(errors);
        _rejected = rejected;
        return _standardOrder ? Parse<StandardOrder>(block, errors) : Parse<HeaderOrder>(block, errors);
    }

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
                    if (TryAddRow<TOrder>(block, rowStart, next, ends, quoted, checkUtf8))
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
    private bool TryAddRow<TOrder>(ReadOnlySpan<byte> block, int rowStart, int next, ReadOnlySpan<int> ends, uint quoted, bool checkUtf8)
        where TOrder : struct, IColumnOrder
    {
        // A field with a quote must be quoted as a whole: "...".
        for (var q = quoted; q != 0; q &= q - 1)
        {
            var i = BitOperations.TrailingZeroCount(q);
            var start = i == 0 ? rowStart : ends[i - 1] + 1;
            var end = ends[i];
            if (end - start < 2 || block[start] != '"' || block[end - 1] != '"')
            {
                return false;
            }
        }

        var map = _fieldOf;
        var team = Value(block, rowStart, ends, quoted, TOrder.Field(CdrColumn.TeamId, map));
        if (team.IsEmpty || Value(block, rowStart, ends, quoted, TOrder.Field(CdrColumn.ContactId, map)).IsEmpty
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

    /// <summary>
    /// The careful path: rows of <c>block[from..to]</c> (whole rows, except at the end of the block) field by field, each
    /// error named; valid rows are added too. <paramref name="rowsBefore"/> counts the block's rows before <paramref name="from"/>;
    /// returns the count after.
    /// </summary>
    private long ParseRowsOneByOne(ReadOnlySpan<byte> block, int from, int to, long rowsBefore, bool checkUtf8, List<CdrRowError> errors)
    {
        var state = new RowState { CheckUtf8 = checkUtf8, Row = rowsBefore, RowStart = from, ErrorsBefore = _errorCount, ListedBefore = errors.Count };
        var errorsBefore = _errorCount;
        _rowReasons.Clear();
        var inQuotes = false;
        var fieldHasQuote = false;
        var fieldStart = from;
        for (var at = from; at < to; at++)
        {
            var c = block[at];
            if (c == '"')
            {
                inQuotes = !inQuotes;
                fieldHasQuote = true;
                continue;
            }
            if (inQuotes || (c != ',' && c != '\n'))
            {
                continue;
            }

            var fieldEnd = at;
            if (c == '\n')
            {
                if (fieldEnd > fieldStart && block[fieldEnd - 1] == '\r')
                {
                    fieldEnd--;
                }
                if (state.Field == 0 && fieldEnd == fieldStart && !fieldHasQuote)
                {
                    // An empty line: not a row.
                    fieldStart = state.RowStart = at + 1;
                    continue;
                }
            }
            Field(ref state, block, fieldStart, fieldEnd, fieldHasQuote, errors);
            fieldHasQuote = false;
            fieldStart = at + 1;
            if (c == '\n')
            {
                EndRow(ref state, block, at + 1, errors);
            }
        }

        if (inQuotes)
        {
            state.Row++;
            AddError(errors, block, state.RowStart, state.Row, ColumnName(state.Field),
                "has a quote that is never closed (the file ends inside a quoted field: truncated?)");
        }
        else if (fieldStart < to)
        {
            var fieldEnd = block[to - 1] == '\r' ? to - 1 : to;
            Field(ref state, block, fieldStart, fieldEnd, fieldHasQuote, errors);
            EndRow(ref state, block, to, errors);
        }
        if (_rejected is not null && _errorCount > errorsBefore)
        {
            var end = to;
            while (end > from && (block[end - 1] == '\n' || block[end - 1] == '\r'))
            {
                end--;
            }
            _rejected.Add(new CdrRejectedRow(state.Row, LineOf(block, from), Encoding.UTF8.GetString(block[from..end]), [.. _rowReasons]));
        }
        return state.Row;
    }

    /// <summary>The values of the row being read; <see cref="Row"/> counts rows finished before it.</summary>
    private struct RowState
    {
        public bool CheckUtf8;
        public long Row;
        public int RowStart;
        public int Field;
        public long ErrorsBefore;
        public int ListedBefore;
        public bool Broken;
        public int TeamStart;
        public int TeamLength;
        public bool TeamEscaped;
        public long Arrived;
        public long AnsweredAt;
        public long Ended;
        public bool Answered;
        public bool Abandoned;
        public bool Transferred;
        public bool Resolved;
        public int Wait;
        public int Handle;
        public int Hold;
        public int Wrap;
        public int? Csat;
    }

    private string ColumnName(int field) => field < _columns.Length ? CdrColumns.NameOf(_columns[field]) : "row";

    private void Field(ref RowState s, ReadOnlySpan<byte> block, int start, int end, bool quoted, List<CdrRowError> errors)
    {
        var field = s.Field++;
        if (s.Broken)
        {
            return;
        }
        var row = s.Row + 1;
        if (field >= _columns.Length)
        {
            if (field == _columns.Length)
            {
                AddError(errors, block, s.RowStart, row, "row", TooManyFields());
                s.Broken = true;
            }
            return;
        }

        var column = _columns[field];
        var escaped = false;
        var value = block[start..end];
        if (quoted)
        {
            if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
            {
                AddError(errors, block, s.RowStart, row, column,
                    "has a quote inside an unquoted field or right after a closing quote (RFC 4180: quote the whole field, double inner quotes)");
                s.Broken = true;
                return;
            }
            value = value[1..^1];
            start++;
            escaped = value.Contains((byte)'"');
        }

        TimestampStatus status;
        string? reason;
        bool flag;
        switch (column)
        {
            case CdrColumn.ContactId:
            case CdrColumn.Queue:
                if (value.IsEmpty)
                {
                    AddError(errors, block, s.RowStart, row, column, "is empty (required)");
                }
                break;
            case CdrColumn.TeamId:
                if (value.IsEmpty)
                {
                    AddError(errors, block, s.RowStart, row, column, "is empty (required)");
                }
                s.TeamStart = start;
                s.TeamLength = value.Length;
                s.TeamEscaped = escaped;
                break;
            case CdrColumn.AgentId:
                break;
            case CdrColumn.ArrivedAt:
                if ((status = CdrTimestamp.TryParseUtcTicks(value, ref _dateCache, out s.Arrived)) != TimestampStatus.Ok)
                {
                    AddTimestampError(errors, block, s.RowStart, row, column, status, value);
                }
                break;
            case CdrColumn.AnsweredAt:
                if (!value.IsEmpty)
                {
                    s.Answered = true;
                    if ((status = CdrTimestamp.TryParseUtcTicks(value, ref _dateCache, out s.AnsweredAt)) != TimestampStatus.Ok)
                    {
                        AddTimestampError(errors, block, s.RowStart, row, column, status, value);
                    }
                }
                break;
            case CdrColumn.EndedAt:
                if ((status = CdrTimestamp.TryParseUtcTicks(value, ref _dateCache, out s.Ended)) != TimestampStatus.Ok)
                {
                    AddTimestampError(errors, block, s.RowStart, row, column, status, value);
                }
                break;
            case CdrColumn.Abandoned:
            case CdrColumn.Transferred:
            case CdrColumn.ResolvedFirstContact:
                if (!CdrValues.TryParseBoolean(value, out flag))
                {
                    AddValueError(errors, block, s.RowStart, row, column, "is not a boolean (true, false, 1 or 0)", value);
                }
                else if (column == CdrColumn.Abandoned)
                {
                    s.Abandoned = flag;
                }
                else if (column == CdrColumn.Transferred)
                {
                    s.Transferred = flag;
                }
                else
                {
                    s.Resolved = flag;
                }
                break;
            case CdrColumn.WaitSeconds:
                if (!CdrValues.TryParseWhole(value, out s.Wait, out reason))
                {
                    AddValueError(errors, block, s.RowStart, row, column, reason!, value);
                }
                break;
            case CdrColumn.HandleSeconds:
                if (!CdrValues.TryParseWhole(value, out s.Handle, out reason))
                {
                    AddValueError(errors, block, s.RowStart, row, column, reason!, value);
                }
                break;
            case CdrColumn.HoldSeconds:
                if (!CdrValues.TryParseWhole(value, out s.Hold, out reason))
                {
                    AddValueError(errors, block, s.RowStart, row, column, reason!, value);
                }
                break;
            case CdrColumn.WrapSeconds:
                if (!CdrValues.TryParseWhole(value, out s.Wrap, out reason))
                {
                    AddValueError(errors, block, s.RowStart, row, column, reason!, value);
                }
                break;
            case CdrColumn.Csat:
                if (!value.IsEmpty)
                {
                    if (CdrValues.TryParseWhole(value, out var score, out reason))
                    {
                        s.Csat = score;
                    }
                    else
                    {
                        AddValueError(errors, block, s.RowStart, row, column, reason!, value);
                    }
                }
                break;
        }
    }

    private void EndRow(ref RowState s, ReadOnlySpan<byte> block, int next, List<CdrRowError> errors)
    {
        var row = ++s.Row;
        var fields = s.Field;
        var rowStart = s.RowStart;
        var ok = !s.Broken;
        if (ok && fields < _columns.Length)
        {
            // A short row (typically the cut last row of a truncated file) gets one clear error, not one per half field.
            errors.RemoveRange(s.ListedBefore, errors.Count - s.ListedBefore);
            _errorCount = s.ErrorsBefore;
            _rowReasons.Clear();
            AddError(errors, block, rowStart, row, "row", $"has {fields} fields, expected {_columns.Length} (row cut short?)");
            ok = false;
        }
        if (ok && s.CheckUtf8 && !Utf8.IsValid(block[rowStart..next]))
        {
            AddError(errors, block, rowStart, row, "row", "is not valid UTF-8");
            ok = false;
        }
        if (ok && _errorCount == s.ErrorsBefore)
        {
            if (s.Answered && s.Abandoned)
            {
                AddError(errors, block, rowStart, row, CdrColumn.Abandoned, "is true but answered_at is set (an answered contact is not abandoned)");
            }
            else if (!s.Answered && !s.Abandoned)
            {
                AddError(errors, block, rowStart, row, CdrColumn.AnsweredAt, "is empty but abandoned is false (a contact is either answered or abandoned)");
            }
            if (s.Answered && s.AnsweredAt < s.Arrived)
            {
                AddError(errors, block, rowStart, row, CdrColumn.AnsweredAt, "is before arrived_at");
            }
            if (s.Ended < s.Arrived)
            {
                AddError(errors, block, rowStart, row, CdrColumn.EndedAt, "is before arrived_at");
            }
            else if (s.Answered && s.Ended < s.AnsweredAt)
            {
                AddError(errors, block, rowStart, row, CdrColumn.EndedAt, "is before answered_at");
            }
            if ((long)s.Hold + s.Wrap > s.Handle)
            {
                AddError(errors, block, rowStart, row, CdrColumn.HandleSeconds,
                    $"({s.Handle}) is less than hold_seconds + wrap_seconds ({(long)s.Hold + s.Wrap}); handle time includes hold and wrap");
            }
            if (_errorCount == s.ErrorsBefore)
            {
                var team = block.Slice(s.TeamStart, s.TeamLength);
                _aggregator.Add(s.TeamEscaped ? UnescapeTeam(team) : team,
                    new CdrMeasures(s.Arrived, s.Answered, s.Abandoned, s.Wait, s.Handle, s.Hold, s.Wrap, s.Transferred, s.Resolved, s.Csat));
            }
        }

        s = new RowState
        {
            CheckUtf8 = s.CheckUtf8,
            Row = row,
            RowStart = next,
            ErrorsBefore = _errorCount,
            ListedBefore = errors.Count,
        };
    }

    private ReadOnlySpan<byte> UnescapeTeam(ReadOnlySpan<byte> value)
    {
        if (_teamScratch.Length < value.Length)
        {
            _teamScratch = new byte[value.Length * 2];
        }
        return _teamScratch.AsSpan(0, CsvCursor.Unescape(value, _teamScratch));
    }

    // Messages are built outside the per-field method so that its frame stays small (no interpolation handlers to zero).
    private string TooManyFields() => string.Create(CultureInfo.InvariantCulture, $"has more than the header's {_columns.Length} fields");

    private void AddValueError(List<CdrRowError> errors, ReadOnlySpan<byte> block, int rowStart, long row, CdrColumn column, string reason,
        ReadOnlySpan<byte> value) =>
        AddError(errors, block, rowStart, row, column, reason + ": " + Show(value));

    private void AddTimestampError(List<CdrRowError> errors, ReadOnlySpan<byte> block, int rowStart, long row, CdrColumn column,
        TimestampStatus status, ReadOnlySpan<byte> value) =>
        AddError(errors, block, rowStart, row, column, value.IsEmpty ? "is empty (required)" : $"{CdrTimestamp.Describe(status)}: {Show(value)}");

    private void AddError(List<CdrRowError> errors, ReadOnlySpan<byte> block, int rowStart, long row, CdrColumn column, string reason) =>
        AddError(errors, block, rowStart, row, CdrColumns.NameOf(column), reason);

    private void AddError(List<CdrRowError> errors, ReadOnlySpan<byte> block, int rowStart, long row, string field, string reason)
    {
        _errorCount++;
        if (_rejected is not null)
        {
            _rowReasons.Add("field " + field + ": " + reason);
        }
        if (_errorCount > MaxListedErrors)
        {
            return;
        }
        errors.Add(new CdrRowError(row, LineOf(block, rowStart), field, reason));
    }

    /// <summary>The block-relative line (1-based) where <paramref name="rowStart"/> is; rows are asked for in order.</summary>
    private long LineOf(ReadOnlySpan<byte> block, int rowStart)
    {
        if (rowStart > _lineScanPos)
        {
            _lineScanCount += block[_lineScanPos..rowStart].Count((byte)'\n');
            _lineScanPos = rowStart;
        }
        return _lineScanCount + 1;
    }

    private static string Show(ReadOnlySpan<byte> value)
    {
        const int max = 40;
        var text = Encoding.UTF8.GetString(value.Length > max * 4 ? value[..(max * 4)] : value);
        return "'" + (text.Length > max ? text[..max] + "..." : text) + "'";
    }
}
