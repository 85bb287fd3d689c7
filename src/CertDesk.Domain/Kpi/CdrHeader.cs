using System.Text;

namespace CertDesk.Domain.Kpi;

/// <summary>The header row of a <c>cdr</c> file: which column each field position holds. Columns are found by name.</summary>
public sealed class CdrHeader
{
    private readonly CdrColumn[] _fieldColumns;

    private CdrHeader(CdrColumn[] fieldColumns) => _fieldColumns = fieldColumns;

    /// <summary>The column at each field position of a data row.</summary>
    public ReadOnlySpan<CdrColumn> FieldColumns => _fieldColumns;

    public int FieldCount => _fieldColumns.Length;

    /// <summary>The header in the documented column order.</summary>
    public static CdrHeader Standard { get; } = new(Enum.GetValues<CdrColumn>());

    /// <summary>
    /// Reads the header row at the start of <paramref name="data"/> (a UTF-8 BOM is skipped). On success returns the header
    /// and the number of bytes consumed (BOM and line break included); otherwise null and the reasons in <paramref name="errors"/>.
    /// <paramref name="isWholeFile"/> tells whether the data ends the file (a header without a line break is then accepted).
    /// </summary>
    public static CdrHeader? TryParse(ReadOnlySpan<byte> data, bool isWholeFile, out int consumed, List<string> errors)
    {
        consumed = 0;
        var errorsBefore = errors.Count;
        var bom = data.StartsWith("\uFEFF"u8) ? 3 : 0;
        var cursor = new CsvCursor(data[bom..]);
        if (cursor.AtEnd)
        {
            errors.Add("the file is empty: expected a header row naming the columns");
            return null;
        }

        var names = new List<string>();
        while (true)
        {
            var end = cursor.Next(out var value, out var escaped);
            if (end is FieldEnd.StrayQuote or FieldEnd.UnclosedQuote)
            {
                errors.Add("header row: malformed quoting");
                return null;
            }
            var name = Encoding.UTF8.GetString(value);
            names.Add((escaped ? name.Replace("\"\"", "\"", StringComparison.Ordinal) : name).Trim());
            if (end == FieldEnd.Comma)
            {
                continue;
            }
            if (end == FieldEnd.DataEnd && !isWholeFile)
            {
                errors.Add("header row: no line break found in the first block (is this a CSV file?)");
                return null;
            }
            break;
        }
        consumed = bom + cursor.Position;

        var columns = new CdrColumn[names.Count];
        var seen = new bool[CdrColumns.Count];
        for (var i = 0; i < names.Count; i++)
        {
            if (!CdrColumns.TryFind(names[i], out var column))
            {
                errors.Add($"header row, field {i + 1}: unknown column '{names[i]}' (expected {string.Join(',', CdrColumns.Names)})");
                continue;
            }
            if (seen[(int)column])
            {
                errors.Add($"header row, field {i + 1}: column '{CdrColumns.NameOf(column)}' appears twice");
            }
            seen[(int)column] = true;
            columns[i] = column;
        }
        for (var c = 0; c < CdrColumns.Count; c++)
        {
            if (!seen[c])
            {
                errors.Add($"header row: missing column '{CdrColumns.NameOf((CdrColumn)c)}'");
            }
        }
        return errors.Count == errorsBefore ? new CdrHeader(columns) : null;
    }
}
