using nietras.SeparatedValues;

namespace CertDesk.Files;

/// <summary>One data row of a CSV file: its spreadsheet row number (header = 1), raw cells and the errors found.</summary>
public sealed class CsvRow(int number, string[] raw, IReadOnlyDictionary<string, int> index, string fileName)
{
    public int Number { get; } = number;
    public string[] Raw { get; } = raw;
    public List<string> Errors { get; } = [];
    public bool Valid => Errors.Count == 0;

    /// <summary>The trimmed cell of a column; "" when the file does not have the (optional) column.</summary>
    public string this[string column] => index.TryGetValue(column, out var i) && i < Raw.Length ? (Raw[i] ?? "").Trim() : "";

    public void Error(string column, string reason) => Errors.Add($"{fileName}: row {Number}, field {column}: {reason}");
}

/// <summary>The outcome of a table import (catalog, assessments, competencies): counts, row errors and, in accept-valid mode, the rejected rows.</summary>
public sealed record TableImportResult(int Rows, int Created, int Updated, int Unchanged, int Rejected, IReadOnlyList<string> Errors, string? RejectedCsv)
{
    public bool Failed => Errors.Count > 0 && RejectedCsv is null;

    public static TableImportResult Fail(IReadOnlyList<string> errors) => new(0, 0, 0, 0, 0, errors, null);

    /// <summary>
    /// Ends a table import the same way for every kind: a dry run forgets what it staged, a real one saves it in one
    /// go; the counts, and in accept-valid mode the rejected rows as CSV.
    /// </summary>
    public static async Task<TableImportResult> SaveAsync(
        Microsoft.EntityFrameworkCore.DbContext db, bool dryRun, string[] header, IReadOnlyList<CsvRow> rows,
        (int Created, int Updated, int Unchanged, int Rejected) counts, IReadOnlyList<string> errors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(errors);
        if (dryRun)
        {
            db.ChangeTracker.Clear();
        }
        else
        {
            await db.SaveChangesAsync(ct);
        }
        return new TableImportResult(rows.Count, counts.Created, counts.Updated, counts.Unchanged, counts.Rejected, errors,
            errors.Count > 0 ? CsvTable.Rejected(header, rows.Where(r => !r.Valid)) : null);
    }
}

/// <summary>
/// Reads a contract CSV into rows: required columns checked, field counts checked, formula-like cells refused
/// (CWE-1236), duplicate header names refused. Shared by the imports that are not the roster.
/// </summary>
public static class CsvTable
{
    /// <summary>
    /// How every CSV record CertDesk writes ends: CRLF, as RFC 4180 says (every reader, ours included, also takes a bare LF).
    /// The streaming writers (<c>export</c>, <c>kpi aggregate</c>, <c>staff --forecast</c>) end their lines with it too.
    /// </summary>
    public const string RecordEnd = "\r\n";

    /// <summary>
    /// Reads an uploaded file (<see cref="CsvInput.ReadTextAsync"/>: size bound, strict UTF-8) and then its rows
    /// (<see cref="Read"/>); the error is the one that makes the file unreadable, and then no rows are read.
    /// </summary>
    public static async Task<(string[] Header, List<CsvRow> Rows, string? FileError)> ReadAsync(
        Stream file, string fileName, long maxBytes, IReadOnlyList<string> required, CancellationToken ct)
    {
        var (text, readError) = await CsvInput.ReadTextAsync(file, fileName, maxBytes, ct);
        return text is null ? ([], [], readError) : Read(text, fileName, required);
    }

    public static (string[] Header, List<CsvRow> Rows, string? FileError) Read(string text, string fileName, IReadOnlyList<string> required)
    {
        var rows = new List<CsvRow>();
        try
        {
            using var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromText(text);
            var header = reader.Header.ColNames.Select(c => c.Trim()).ToArray();
            var missing = required.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
            if (missing.Count > 0 && ImportRules.Separator(fileName, header, [.. required]) is { } separator)
            {
                return (header, rows, separator);
            }
            if (missing.Count > 0)
            {
                return (header, rows, $"{fileName}: row 1: missing column(s) {string.Join(", ", missing)}; expected {string.Join(",", required)}");
            }
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                if (!index.TryAdd(header[i], i))
                {
                    return (header, rows, $"{fileName}: row 1: column {header[i]} appears twice");
                }
            }
            foreach (var record in reader)
            {
                var raw = new string[header.Length];
                for (var i = 0; i < header.Length && i < record.ColCount; i++)
                {
                    raw[i] = record[i].ToString();
                }
                var row = new CsvRow(record.LineNumberFrom, raw, index, fileName);
                if (record.ColCount != header.Length)
                {
                    row.Errors.Add($"{fileName}: row {row.Number}: has {record.ColCount} fields, the header has {header.Length}");
                }
                else
                {
                    for (var i = 0; i < header.Length; i++)
                    {
                        if (ImportRules.Formula(raw[i]) is { } formula)
                        {
                            row.Error(header[i], formula);
                        }
                    }
                }
                rows.Add(row);
            }
            if (rows.Count == 0)
            {
                return (header, rows, ImportRules.NoRows(fileName));
            }
            return (header, rows, null);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException)
        {
            return ([], rows, $"{fileName}: not a readable CSV file: {e.Message}");
        }
    }

    /// <summary>The rejected rows as CSV with a reason column, cells neutralized.</summary>
    public static string Rejected(string[] header, IEnumerable<CsvRow> rows) =>
        Rejected(header, rows.Select(r => (r.Raw, (IEnumerable<string>)r.Errors)));

    /// <summary>
    /// The one writer of every importer's FILE.rejected.csv: the original cells, then a reason column.
    /// </summary>
    public static string Rejected(string[] header, IEnumerable<(string[] Raw, IEnumerable<string> Errors)> rows) =>
        Write([.. header, "reason"], rows.Select(r => (IReadOnlyList<string?>)[.. header.Select((_, i) => r.Raw.ElementAtOrDefault(i)), string.Join("; ", r.Errors)]));

    /// <summary>
    /// The one CSV writer of every export made from the web (table exports, rejected rows): the header (even for no
    /// rows, so the file always opens with its columns), then each row, every cell neutralized (CWE-1236).
    /// </summary>
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var sb = new StringBuilder();
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true, WriteHeader = false }).To(sb))
        {
            using (var line = writer.NewRow())
            {
                for (var i = 0; i < header.Count; i++)
                {
                    line[i].Set(CellSafety.Neutralize(header[i]));
                }
            }
            foreach (var cells in rows)
            {
                using var line = writer.NewRow();
                for (var i = 0; i < header.Count; i++)
                {
                    line[i].Set(CellSafety.Neutralize(i < cells.Count ? cells[i] : null));
                }
            }
        }
        return WithCrlf(sb.ToString());
    }

    /// <summary>
    /// The bytes of a CSV download: UTF-8, with a byte-order mark when the person asks for one (<c>bom=true</c>), because
    /// Excel on Windows opens a UTF-8 file without one in the legacy code page and garbles every accented name. Off by
    /// default: scripts and most tools read the mark as part of the first column's name.
    /// </summary>
    public static byte[] Utf8(string csv, bool byteOrderMark)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var body = Encoding.UTF8.GetBytes(csv);
        return byteOrderMark ? [.. Encoding.UTF8.Preamble, .. body] : body;
    }

    /// <summary>Whether a query value asks for the byte-order mark: <c>true</c> or <c>1</c>.</summary>
    public static bool WantsByteOrderMark(string? value) =>
        string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || value == "1";

    /// <summary>
    /// RFC 4180 ends every record with CRLF: the writer's line ends become CRLF; a line break inside a quoted field stays
    /// as the cell holds it.
    /// </summary>
    public static string WithCrlf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + text.Length / 16);
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == '\n' && !quoted && (sb.Length == 0 || sb[^1] != '\r'))
            {
                sb.Append('\r');
            }
            sb.Append(c);
        }
        return sb.ToString();
    }
}
