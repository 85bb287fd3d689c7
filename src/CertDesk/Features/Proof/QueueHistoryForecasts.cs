using CertDesk.Domain.Forecasting;
using CertDesk.Features.Scheduling;
using Microsoft.Extensions.Caching.Memory;

namespace CertDesk.Features.Proof;

/// <summary>
/// The scheduler's forecast from history (<see cref="IHistoryForecasts"/>): a queue's history is the interval facts of
/// the teams serving it, added up per interval and read on the site's clock, over the last
/// <see cref="HistoryWeeks"/> weeks of facts. The model is fitted on all of it; its accuracy is measured by holding out
/// up to 4 of the last weeks (fewer when the history is short, none under three weeks).
/// <para>
/// Holidays are the configuration list <c>Forecasting:Holidays</c> (dates yyyy-MM-dd, comma-separated or an array;
/// e.g. the environment variable <c>Forecasting__Holidays=2026-12-25,2027-01-01</c>). A settings list rather than a
/// table: a center's holidays change once a year, apply to all its queues, need no history or approval of their own, and
/// a table would need an EF migration for both providers and a page for a dozen dates; an entry that is not a date is
/// named in the note, not a crash.
/// </para>
/// <para>
/// Fitting reads up to <see cref="HistoryWeeks"/> weeks of interval facts (hundreds of thousands of rows on a large
/// center), so a fitted forecast is kept in memory until the facts change: its key holds the queue's teams, the zone,
/// the holidays, a fingerprint of the teams' daily sums (how many days, contacts offered, handle seconds) and the count
/// of imports. Every write of facts rewrites the daily sums of the days it touched (imports, the demo's generated
/// facts, a restore), in this process or another (a command-line import or restore next to the running server); an
/// import that only moves contacts between intervals of the same days still adds an import record.
/// </para>
/// </summary>
public sealed class QueueHistoryForecasts(CertDeskDbContext db, IConfiguration configuration, IMemoryCache cache) : IHistoryForecasts
{
    /// <summary>Enough for the 8 fitted weeks, 4 held out and a few missing; older facts do not change the forecast.</summary>
    public const int HistoryWeeks = 16;

    public const int MaxHoldoutWeeks = 4;

    public async Task<QueueHistoryForecast> ForQueueAsync(Guid queueId, TimeZoneInfo zone, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var queue = await db.Queues.AsNoTracking().Include(q => q.Teams).FirstOrDefaultAsync(q => q.Id == queueId, ct);
        if (queue is null)
        {
            return QueueHistoryForecast.None("the queue does not exist");
        }
        var codes = queue.Teams.Select(t => t.Code).Order(StringComparer.Ordinal).ToList();
        if (codes.Count == 0)
        {
            return QueueHistoryForecast.None("no team serves the queue, so it has no history");
        }
        var (holidays, badHolidays) = Holidays();
        // The fingerprint in one aggregate query (asked on every view; no row when the teams have no facts).
        var sums = await db.KpiDailyFacts.AsNoTracking().Where(d => codes.Contains(d.TeamCode)).GroupBy(_ => 1)
            .Select(g => new { Days = g.Count(), Offered = g.Sum(d => d.Offered), Handled = g.Sum(d => d.HandleSeconds) })
            .FirstOrDefaultAsync(ct);
        var imports = await db.KpiImports.CountAsync(ct);
        var key = (nameof(QueueHistoryForecasts), string.Join('\n', codes), zone.Id, string.Join(',', holidays), string.Join(',', badHolidays),
            (sums?.Days ?? 0, sums?.Offered ?? 0, sums?.Handled ?? 0, imports));
        if (cache.TryGetValue(key, out QueueHistoryForecast? known) && known is not null)
        {
            return known;
        }
        var forecast = await FitAsync(codes, zone, holidays, badHolidays, ct);
        // The expiry only bounds memory: entries under an old stamp are never read again.
        cache.Set(key, forecast, TimeSpan.FromHours(1));
        return forecast;
    }

    private async Task<QueueHistoryForecast> FitAsync(List<string> codes, TimeZoneInfo zone, List<DateOnly> holidays, List<string> badHolidays, CancellationToken ct)
    {
        var facts = db.KpiIntervalFacts.AsNoTracking().Where(f => codes.Contains(f.TeamCode));
        var last = await facts.MaxAsync(f => (DateTime?)f.IntervalStart, ct);
        if (last is null)
        {
            return QueueHistoryForecast.None($"no interval facts for its team(s) {string.Join(", ", codes)} (import cdr or intervals)");
        }
        var from = last.Value.AddDays(-7 * HistoryWeeks);
        var rows = await facts.Where(f => f.IntervalStart > from)
            .Select(f => new { f.IntervalStart, f.Offered, f.Answered, f.HandleSeconds }).ToListAsync(ct);

        var history = new List<HistoryInterval>(rows.Count);
        var step = 60;
        foreach (var r in rows)
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(r.IntervalStart, DateTimeKind.Utc), zone);
            step = Gcd(step, local.Minute);
            history.Add(new HistoryInterval(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local), r.Offered, r.Answered, r.HandleSeconds));
        }
        // The facts' interval length is not stored: the finest step their starts show, on a grid of 15, 30 or 60 minutes.
        var interval = new[] { 15, 30, 60 }.First(c => c % step == 0);

        var remark = badHolidays.Count > 0 ? $"ignored in Forecasting:Holidays (not yyyy-MM-dd dates): {string.Join(", ", badHolidays)}" : null;
        var fit = HistoryForecastModel.Fit(history, holidays, interval);
        if (fit.Model is null)
        {
            return new QueueHistoryForecast(null, null, fit.Problem, null, remark);
        }
        var (series, _) = HistorySeries.Build(history, interval);
        var weeks = (series!.LastDate.DayNumber - series.FirstDate.DayNumber + 7) / 7; // weeks begun: Monday to Friday of 6 weeks is 6
        var holdout = Math.Min(MaxHoldoutWeeks, weeks - 2);
        if (holdout < 1)
        {
            return new QueueHistoryForecast(fit.Model, null, null, "fewer than three weeks of history to hold one out", remark);
        }
        var (accuracy, problem) = ForecastBacktest.Evaluate(series, holidays.ToHashSet(), holdout, ForecastOptions.Default);
        return new QueueHistoryForecast(fit.Model, accuracy, null, problem, remark);
    }

    private (List<DateOnly> Dates, List<string> Bad) Holidays()
    {
        var section = configuration.GetSection("Forecasting:Holidays");
        var entries = section.GetChildren().Any()
            ? section.GetChildren().Select(c => c.Value ?? "")
            : (section.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var dates = new List<DateOnly>();
        var bad = new List<string>();
        foreach (var entry in entries)
        {
            if (DateOnly.TryParseExact(entry.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                dates.Add(date);
            }
            else
            {
                bad.Add($"'{entry}'");
            }
        }
        return (dates, bad);
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
