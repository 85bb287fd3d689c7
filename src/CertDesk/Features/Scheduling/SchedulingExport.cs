using CertDesk.Files;

namespace CertDesk.Features.Scheduling;

/// <summary>
/// <c>export forecast</c> and <c>export schedule</c>: the import formats, so an export imports back unchanged; lines end with
/// the writer's <see cref="TextWriter.NewLine"/> (CRLF from the command).
/// </summary>
public sealed class SchedulingExport(CertDeskDbContext db)
{
    public async Task WriteForecastAsync(TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteLineAsync("queue,interval_start,calls,aht_seconds");
        var rows = db.Forecasts.AsNoTracking().OrderBy(f => f.Queue!.Name).ThenBy(f => f.IntervalStartUtc)
            .Select(f => new { Queue = f.Queue!.Name, f.IntervalStartUtc, f.Calls, f.AhtSeconds }).AsAsyncEnumerable();
        await foreach (var f in rows.WithCancellation(ct))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{Cell(f.Queue)},{f.IntervalStartUtc:yyyy-MM-dd'T'HH:mm:ss}Z,{f.Calls.Normalize()},{f.AhtSeconds.Normalize()}"));
        }
    }

    public async Task WriteScheduleAsync(TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteLineAsync("employee_id,date,start,end,activity");
        var rows = db.Shifts.AsNoTracking().OrderBy(s => s.Employee!.EmployeeNumber).ThenBy(s => s.StartUtc)
            .Select(s => new { s.Employee!.EmployeeNumber, s.LocalDate, s.LocalStart, s.LocalEnd, s.Activity }).AsAsyncEnumerable();
        await foreach (var s in rows.WithCancellation(ct))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{Cell(s.EmployeeNumber)},{s.LocalDate:yyyy-MM-dd},{s.LocalStart:HH\\:mm},{s.LocalEnd:HH\\:mm},{s.Activity}"));
        }
    }

    private static string Cell(string text)
    {
        var safe = CellSafety.Neutralize(text);
        return safe.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}

internal static class DecimalText
{
    /// <summary>The shortest exact text of a decimal (40.500 -> 40.5).</summary>
    public static decimal Normalize(this decimal value) => value / 1.000000000000000000000000000000000m;
}
