using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
    private DateCache _dateCache;

    // Per block: errors so far and an incremental line count for naming the line of an error row.
    private long _errorCount;
    private int _lineScanPos;
    private long _lineScanCount;

    public CdrBlockParser(CdrHeader header, IntervalAggregator aggregator)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(aggregator);
        _columns = header.FieldColumns.ToArray();
        _aggregator = aggregator;
    }

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
    /// a doubled quote toggles twice), so a field costs a few bit operations instead of a search call.
    /// </remarks>
    public CdrBlockResult Parse(ReadOnlySpan<byte> block, List<CdrRowError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        _errorCount = 0;
        _lineScanPos = 0;
        _lineScanCount = 0;
        var state = new RowState { CheckUtf8 = !Utf8.IsValid(block), ListedBefore = errors.Count };
        var inQuotes = false;
        var fieldHasQuote = false;
        var fieldStart = 0;
        var length = block.Length;
        ref var origin = ref MemoryMarshal.GetReference(block);

        for (var chunk = 0; chunk < length; chunk += 32)
        {
            uint mask;
            if (Vector256.IsHardwareAccelerated && chunk + 32 <= length)
            {
                var v = Vector256.LoadUnsafe(ref origin, (nuint)chunk);
                mask = (Vector256.Equals(v, Vector256.Create((byte)',')) | Vector256.Equals(v, Vector256.Create((byte)'\n'))
                    | Vector256.Equals(v, Vector256.Create((byte)'"'))).ExtractMostSignificantBits();
            }
            else
            {
                mask = 0;
                var end = Math.Min(chunk + 32, length);
                for (var i = chunk; i < end; i++)
                {
                    var c = block[i];
                    if (c == ',' || c == '\n' || c == '"')
                    {
                        mask |= 1u << (i - chunk);
                    }
                }
            }

            while (mask != 0)
            {
                var at = chunk + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                var c = Unsafe.Add(ref origin, at);
                if (c == '"')
                {
                    inQuotes = !inQuotes;
                    fieldHasQuote = true;
                    continue;
                }
                if (inQuotes)
                {
                    continue;
                }

                var fieldEnd = at;
                if (c == '\n')
                {
                    if (fieldEnd > fieldStart && Unsafe.Add(ref origin, fieldEnd - 1) == '\r')
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
        }

        if (inQuotes)
        {
            state.Row++;
            AddError(errors, block, state.RowStart, state.Row, ColumnName(state.Field),
                "has a quote that is never closed (the file ends inside a quoted field: truncated?)");
        }
        else if (fieldStart < length)
        {
            var fieldEnd = block[^1] == '\r' ? length - 1 : length;
            Field(ref state, block, fieldStart, fieldEnd, fieldHasQuote, errors);
            EndRow(ref state, block, length, errors);
        }
        return new CdrBlockResult(state.Row, block.Count((byte)'\n'), _errorCount);
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
        if (_errorCount > MaxListedErrors)
        {
            return;
        }
        if (rowStart > _lineScanPos)
        {
            _lineScanCount += block[_lineScanPos..rowStart].Count((byte)'\n');
            _lineScanPos = rowStart;
        }
        errors.Add(new CdrRowError(row, _lineScanCount + 1, field, reason));
    }

    private static string Show(ReadOnlySpan<byte> value)
    {
        const int max = 40;
        var text = Encoding.UTF8.GetString(value.Length > max * 4 ? value[..(max * 4)] : value);
        return "'" + (text.Length > max ? text[..max] + "..." : text) + "'";
    }
}
