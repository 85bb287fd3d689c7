using CertDesk.Files;

namespace CertDesk.Features.Scheduling;

public sealed record SchedulingImportOptions(bool DryRun = false, bool AcceptValid = false);

/// <summary>What an import did: rows read, rows created, changed and unchanged, rows rejected and why.</summary>
public sealed record SchedulingImportResult(int Rows, int Created, int Updated, int Unchanged, int Deleted, int Rejected, IReadOnlyList<string> Errors, string? RejectedCsv)
{
    /// <summary>True when nothing was written because of errors (all-or-nothing mode).</summary>
    public bool Failed => Errors.Count > 0 && RejectedCsv is null;

    public static SchedulingImportResult Fail(string error) => new(0, 0, 0, 0, 0, 0, [error], null);
}

/// <summary>The forecast and schedule files' size bound, numbers and rejected rows (read with <see cref="CsvTable.ReadAsync"/>).</summary>
internal static class SchedulingCsv
{
    public const long MaxFileBytes = 50L * 1024 * 1024;

    public static decimal? Number(string text) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static string RejectedCsv(string[] header, IEnumerable<CsvRow> rejected) => CsvTable.Rejected(header, rejected);
}
