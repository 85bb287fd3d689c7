using CertDesk.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CertDesk.Tests.Infrastructure;

public sealed record ShiftRow(string Date, string LocalStart, string LocalEnd, DateTime StartUtc, DateTime EndUtc, string Activity);

/// <summary>The scheduler's intent methods: imports through the CLI, and what the database holds afterwards.</summary>
public sealed partial class CertDeskApp
{
    public async Task<CliResult> ImportAsync(string kind, string csv, params string[] options)
    {
        using var file = TempFile.WithText(csv);
        return await RunCliAsync(["import", kind, file.Path, "--json", .. options]);
    }

    public async Task<(int Forecasts, int Shifts, int Sessions)> SchedulingCountsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        return (await db.Forecasts.CountAsync(), await db.Shifts.CountAsync(), await db.Sessions.CountAsync());
    }

    /// <summary>Queues, coverage rules and queue-team links: equal before and after a refused form means nothing was written.</summary>
    public async Task<(int Queues, int Rules, int QueueTeams)> TargetCountsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        return (await db.Queues.CountAsync(), await db.CoverageRules.CountAsync(), await db.Queues.SelectMany(q => q.Teams).CountAsync());
    }

    public async Task<IReadOnlyList<ShiftRow>> ShiftsAsync(string employeeNumber)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        var rows = await db.Shifts.AsNoTracking().Where(s => s.Employee!.EmployeeNumber == employeeNumber).ToListAsync();
        return rows.OrderBy(s => s.StartUtc).Select(s => new ShiftRow(
            s.LocalDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            s.LocalStart.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            s.LocalEnd.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), s.StartUtc, s.EndUtc, s.Activity)).ToList();
    }

    public async Task<decimal?> ForecastCallsAsync(string queue, DateTime startUtc)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CertDeskDbContext>();
        return await db.Forecasts.Where(f => f.Queue!.Name == queue && f.IntervalStartUtc == startUtc).Select(f => (decimal?)f.Calls).FirstOrDefaultAsync();
    }
}
