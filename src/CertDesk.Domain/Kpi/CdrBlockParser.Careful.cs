using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace CertDesk.Domain.Kpi;

/// <summary>
/// The careful path of <see cref="CdrBlockParser"/>: field by field, each error named with its row, line and column; the
/// one place that names errors, and the reference the fast path must agree with.
/// </summary>
public sealed partial class CdrBlockParser
{
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
        public int ContactStart;
        public int ContactLength;
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
            if (value.Length < 2 || value[0] != '"' || value[^1] != '"' || !InnerQuotesDoubled(value[1..^1]))
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
                if (value.IsEmpty)
                {
                    AddError(errors, block, s.RowStart, row, column, "is empty (required)");
                }
                s.ContactStart = start;
                s.ContactLength = value.Length;
                break;
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
                ReadSeconds(errors, block, s.RowStart, row, column, value, out s.Wait);
                break;
            case CdrColumn.HandleSeconds:
                ReadSeconds(errors, block, s.RowStart, row, column, value, out s.Handle);
                break;
            case CdrColumn.HoldSeconds:
                ReadSeconds(errors, block, s.RowStart, row, column, value, out s.Hold);
                break;
            case CdrColumn.WrapSeconds:
                ReadSeconds(errors, block, s.RowStart, row, column, value, out s.Wrap);
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
            if (_errorCount == s.ErrorsBefore && ContactIds?.Refuse(block.Slice(s.ContactStart, s.ContactLength), row) is { } repeated)
            {
                AddError(errors, block, rowStart, row, CdrColumn.ContactId, repeated);
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

    /// <summary>A whole-number field (seconds): its value, or the error naming the column and the reason.</summary>
    private void ReadSeconds(List<CdrRowError> errors, ReadOnlySpan<byte> block, int rowStart, long row, CdrColumn column, ReadOnlySpan<byte> value, out int target)
    {
        if (!CdrValues.TryParseWhole(value, out target, out var reason))
        {
            AddValueError(errors, block, rowStart, row, column, reason!, value);
        }
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
