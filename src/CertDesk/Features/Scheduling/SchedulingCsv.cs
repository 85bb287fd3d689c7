using System.Globalization;
using System.Text;
using CertDesk.Files;
using nietras.SeparatedValues;

namespace CertDesk.Features.Scheduling;

public sealed record SchedulingImportOptions(bool DryRun = false, bool AcceptValid = false);

/// <summary>What an import did: rows read, rows created, changed and unchanged, rows rejected and why.</summary>
public sealed record SchedulingImportResult(int Rows, int Created, int Updated, int Unchanged, int Deleted, int Rejected, IReadOnlyList<string> Errors, string? RejectedCsv)
{
    /// <summary>True when nothing was written because of errors (all-or-nothing mode).</summary>
    public bool Failed => Errors.Count > 0 && RejectedCsv is null;

    public static SchedulingImportResult Fail(string error) => new(0, 0, 0, 0, 0, 0, [error], null);
}

/// <summary>One data row of a scheduling CSV: its spreadsheet row number (header = 1), raw cells and errors.</summary>
internal sealed class CsvRow(int number, string[] raw)
{
    public int Number { get; } = number;
    public string[] Raw { get; } = raw;
    public List<string> Errors { get; } = [];
}

/// <summary>Reading and checking the forecast and schedule files: header, field count, formula-like cells.</summary>
internal static class SchedulingCsv
{
    public const long MaxFileBytes = 50L * 1024 * 1024;

    public static (string[] Header, List<CsvRow> Rows, string? Error) Read(string text, string fileName, string[] required)
    {
        var rows = new List<CsvRow>();
        try
        {
            using var reader = Sep.New(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromText(text);
            var header = reader.Header.ColNames.Select(c => c.Trim()).ToArray();
            var missing = required.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
            if (missing.Count > 0)
            {
                return (header, rows, $"{fileName}: row 1: missing column(s) {string.Join(", ", missing)}; expected {string.Join(",", required)}");
            }
            foreach (var record in reader)
            {
                var raw = new string[header.Length];
                for (var i = 0; i < header.Length && i < record.ColCount; i++)
                {
                    raw[i] = record[i].ToString();
                }
                var row = new CsvRow(record.LineNumberFrom, raw);
                if (record.ColCount != header.Length)
                {
                    row.Errors.Add($"{fileName}: row {row.Number}: has {record.ColCount} fields, the header has {header.Length}");
                }
                else
                {
                    for (var i = 0; i < header.Length; i++)
                    {
                        if (CellSafety.LooksLikeFormula(raw[i]))
                        {
                            row.Errors.Add($"{fileName}: row {row.Number}, field {header[i]}: '{raw[i]}' looks like a spreadsheet formula; remove the leading character");
                        }
                    }
                }
                rows.Add(row);
            }
            if (rows.Count == 0)
            {
                return (header, rows, $"{fileName}: the file has a header but no rows");
            }
            return (header, rows, null);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException)
        {
            return ([], rows, $"{fileName}: not a readable CSV file: {e.Message}");
        }
    }

    public static decimal? Number(string text) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static string RejectedCsv(string[] header, IEnumerable<CsvRow> rejected) =>
        CsvTable.Rejected(header, rejected.Select(r => (r.Raw, (IEnumerable<string>)r.Errors)));
}
