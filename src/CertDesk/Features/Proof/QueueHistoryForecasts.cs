using CertDesk.Domain.Forecasting;
using CertDesk.Features.Scheduling;

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
/// </summary>
public sealed class QueueHistoryForecasts(CertDeskDbContext db, IConfiguration configuration) : IHistoryForecasts
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
        var codes = queue.Teams.Select(t => t.Code).ToList();
        if (codes.Count == 0)
        {
            return QueueHistoryForecast.None("no team serves the queue, so it has no history");
        }
        var facts = db.KpiIntervalFacts.AsNoTracking().Where(f => codes.Contains(f.TeamCode));
        var last = await facts.MaxAsync(f => (DateTime?)f.IntervalStart, ct);
        if (last is null)
        {
            return QueueHistoryForecast.None($"no interval facts for its team(s) {string.Join(", ", codes.Order(StringComparer.Ordinal))} (import cdr or intervals)");
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

        var (holidays, badHolidays) = Holidays();
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
