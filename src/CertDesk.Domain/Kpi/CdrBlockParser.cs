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
    public CdrBlockResult Parse(ReadOnlySpan<byte> block, List<CdrRowError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        _errorCount = 0;
        _lineScanPos = 0;
        _lineScanCount = 0;
        var checkUtf8PerRow = !Utf8.IsValid(block);
        var cursor = new CsvCursor(block);
        long rows = 0;
        while (!cursor.AtEnd)
        {
            if (cursor.TrySkipEmptyLine())
            {
                continue;
            }
            rows++;
            ParseRow(ref cursor, block, rows, checkUtf8PerRow, errors);
        }
        return new CdrBlockResult(rows, block.Count((byte)'\n'), _errorCount);
    }

    private void ParseRow(ref CsvCursor cursor, ReadOnlySpan<byte> block, long row, bool checkUtf8, List<CdrRowError> errors)
    {
        var columns = _columns;
        var rowStart = cursor.Position;
        var errorsBefore = _errorCount;
        var listedBefore = errors.Count;
        ReadOnlySpan<byte> team = default;
        long arrived = 0, answeredAt = 0, ended = 0;
        bool answered = false, abandoned = false, transferred = false, resolved = false;
        int wait = 0, handle = 0, hold = 0, wrap = 0;
        int? csat = null;
        var field = 0;
        while (true)
        {
            var end = cursor.Next(out var value, out var escaped);
            if (end >= FieldEnd.StrayQuote)
            {
                var name = field < columns.Length ? CdrColumns.NameOf(columns[field]) : "row";
                if (end == FieldEnd.StrayQuote)
                {
                    AddError(errors, block, rowStart, row, name,
                        "has a quote inside an unquoted field or right after a closing quote (RFC 4180: quote the whole field, double inner quotes)");
                    cursor.SkipRow();
                }
                else
                {
                    AddError(errors, block, rowStart, row, name, "has a quote that is never closed (the file ends inside a quoted field: truncated?)");
                }
                return;
            }

            if (field < columns.Length)
            {
                var column = columns[field];
                TimestampStatus status;
                string? reason;
                bool flag;
                switch (column)
                {
                    case CdrColumn.ContactId:
                    case CdrColumn.Queue:
                        if (value.IsEmpty)
                        {
                            AddError(errors, block, rowStart, row, column, "is empty (required)");
                        }
                        break;
                    case CdrColumn.TeamId:
                        if (value.IsEmpty)
                        {
                            AddError(errors, block, rowStart, row, column, "is empty (required)");
                        }
                        team = escaped ? UnescapeTeam(value) : value;
                        break;
                    case CdrColumn.AgentId:
                        break;
                    case CdrColumn.ArrivedAt:
                        if ((status = CdrTimestamp.TryParseUtcTicks(value, out arrived)) != TimestampStatus.Ok)
                        {
                            AddTimestampError(errors, block, rowStart, row, column, status, value);
                        }
                        break;
                    case CdrColumn.AnsweredAt:
                        if (!value.IsEmpty)
                        {
                            answered = true;
                            if ((status = CdrTimestamp.TryParseUtcTicks(value, out answeredAt)) != TimestampStatus.Ok)
                            {
                                AddTimestampError(errors, block, rowStart, row, column, status, value);
                            }
                        }
                        break;
                    case CdrColumn.EndedAt:
                        if ((status = CdrTimestamp.TryParseUtcTicks(value, out ended)) != TimestampStatus.Ok)
                        {
                            AddTimestampError(errors, block, rowStart, row, column, status, value);
                        }
                        break;
                    case CdrColumn.Abandoned:
                    case CdrColumn.Transferred:
                    case CdrColumn.ResolvedFirstContact:
                        if (!CdrValues.TryParseBoolean(value, out flag))
                        {
                            AddError(errors, block, rowStart, row, column, $"is not a boolean (true, false, 1 or 0): {Show(value)}");
                        }
                        else if (column == CdrColumn.Abandoned)
                        {
                            abandoned = flag;
                        }
                        else if (column == CdrColumn.Transferred)
                        {
                            transferred = flag;
                        }
                        else
                        {
                            resolved = flag;
                        }
                        break;
                    case CdrColumn.WaitSeconds:
                        if (!CdrValues.TryParseWhole(value, out wait, out reason))
                        {
                            AddError(errors, block, rowStart, row, column, $"{reason}: {Show(value)}");
                        }
                        break;
                    case CdrColumn.HandleSeconds:
                        if (!CdrValues.TryParseWhole(value, out handle, out reason))
                        {
                            AddError(errors, block, rowStart, row, column, $"{reason}: {Show(value)}");
                        }
                        break;
                    case CdrColumn.HoldSeconds:
                        if (!CdrValues.TryParseWhole(value, out hold, out reason))
                        {
                            AddError(errors, block, rowStart, row, column, $"{reason}: {Show(value)}");
                        }
                        break;
                    case CdrColumn.WrapSeconds:
                        if (!CdrValues.TryParseWhole(value, out wrap, out reason))
                        {
                            AddError(errors, block, rowStart, row, column, $"{reason}: {Show(value)}");
                        }
                        break;
                    case CdrColumn.Csat:
                        if (!value.IsEmpty)
                        {
                            if (CdrValues.TryParseWhole(value, out var score, out reason))
                            {
                                csat = score;
                            }
                            else
                            {
                                AddError(errors, block, rowStart, row, column, $"{reason}: {Show(value)}");
                            }
                        }
                        break;
                }
            }

            field++;
            if (end != FieldEnd.Comma)
            {
                break;
            }
            if (field == columns.Length)
            {
                AddError(errors, block, rowStart, row, "row", $"has more than the header's {columns.Length} fields");
                cursor.SkipRow();
                return;
            }
        }

        if (field < columns.Length)
        {
            // A short row (typically the cut last row of a truncated file) gets one clear error, not one per half field.
            errors.RemoveRange(listedBefore, errors.Count - listedBefore);
            _errorCount = errorsBefore;
            AddError(errors, block, rowStart, row, "row", $"has {field} fields, expected {columns.Length} (row cut short?)");
            return;
        }
        if (checkUtf8 && !Utf8.IsValid(block[rowStart..cursor.Position]))
        {
            AddError(errors, block, rowStart, row, "row", "is not valid UTF-8");
            return;
        }
        if (_errorCount != errorsBefore)
        {
            return;
        }

        if (answered && abandoned)
        {
            AddError(errors, block, rowStart, row, CdrColumn.Abandoned, "is true but answered_at is set (an answered contact is not abandoned)");
        }
        else if (!answered && !abandoned)
        {
            AddError(errors, block, rowStart, row, CdrColumn.AnsweredAt, "is empty but abandoned is false (a contact is either answered or abandoned)");
        }
        if (answered && answeredAt < arrived)
        {
            AddError(errors, block, rowStart, row, CdrColumn.AnsweredAt, "is before arrived_at");
        }
        if (ended < arrived)
        {
            AddError(errors, block, rowStart, row, CdrColumn.EndedAt, "is before arrived_at");
        }
        else if (answered && ended < answeredAt)
        {
            AddError(errors, block, rowStart, row, CdrColumn.EndedAt, "is before answered_at");
        }
        if ((long)hold + wrap > handle)
        {
            AddError(errors, block, rowStart, row, CdrColumn.HandleSeconds,
                $"({handle}) is less than hold_seconds + wrap_seconds ({(long)hold + wrap}); handle time includes hold and wrap");
        }
        if (_errorCount != errorsBefore)
        {
            return;
        }

        _aggregator.Add(team, new CdrMeasures(arrived, answered, abandoned, wait, handle, hold, wrap, transferred, resolved, csat));
    }

    private ReadOnlySpan<byte> UnescapeTeam(ReadOnlySpan<byte> value)
    {
        if (_teamScratch.Length < value.Length)
        {
            _teamScratch = new byte[value.Length * 2];
        }
        return _teamScratch.AsSpan(0, CsvCursor.Unescape(value, _teamScratch));
    }

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
