namespace CertDesk.Domain.Forecasting;

/// <summary>
/// One interval of a queue's history on the site's local clock: the contacts offered, those answered and the handle
/// seconds of the answered ones (talk + hold + wrap, summed). An interval left out of a day that has data had no
/// contacts (the interval facts omit empty intervals); a day left out entirely is a gap (or a day the center was closed).
/// </summary>
public readonly record struct HistoryInterval(DateOnly Date, TimeOnly Start, double Contacts, double Answered, double HandleSeconds);

/// <summary>How the model is fitted.</summary>
/// <param name="FitWeeks">How many of the most recent weeks the profiles and the level are fitted on.</param>
/// <param name="Trend">Whether the weekly level follows a straight line through those weeks (else it is their mean).</param>
public sealed record ForecastOptions(int FitWeeks = 8, bool Trend = true)
{
    public static ForecastOptions Default { get; } = new();

    /// <summary>
    /// A line through fewer weekly levels is mostly noise: on the bank data a trend over 4 weeks missed the next 4 by 22 %
    /// (a flat level: 7.7 %), over 8 weeks 6.6 %. With fewer weeks than this the level is their mean.
    /// </summary>
    public const int MinimumTrendWeeks = 6;
}

/// <summary>A forecast of one interval: contacts, and the average handle time (null when the history has no answered contact).</summary>
public readonly record struct IntervalForecast(double Contacts, double? AhtSeconds);

/// <summary>The model fitted, or why it could not be.</summary>
public sealed record ForecastFit(HistoryForecastModel? Model, string? Problem)
{
    public bool Succeeded => Model is not null;
}

/// <summary>
/// A forecast of contacts and handle time per interval from a queue's own history, for centers that import no forecast.
/// <para>
/// Written here rather than taken from a library: the time-series package of ML.NET (SSA) is not served to this
/// project, and a call-center history needs what generic forecasters handle poorly: days the center is closed (no
/// weekend rows), gaps, holidays and a season of a whole week of 15-minute intervals (672 values). The model is the
/// classic workforce-management decomposition, fitted exactly (closed-form sums and one least-squares line, no random
/// start, no iteration to a tolerance), so the same history always gives the same forecast:
/// </para>
/// <para>
/// contacts(day, slot) = level(week of day) x weekly(weekday) x intraday(weekday, slot) [x holiday factor], where
/// weekly(weekday) is the weekday's share of an average week (a weekday's day total over its week's level, averaged;
/// mean 1 over the weekdays the center opens), intraday(weekday, slot) is the slot's share of that weekday's contacts
/// (ratio of sums over the fitted weeks), and level is a straight line through the fitted weeks' levels (their mean
/// with fewer than <see cref="ForecastOptions.MinimumTrendWeeks"/> weeks; a week's level
/// = its contacts over the weekly factors of the days it has, so a week with a missing day is not read as a quiet week).
/// The line is extrapolated at most <see cref="ForecastOptions.FitWeeks"/> weeks ahead and never below zero.
/// AHT(weekday, slot) = handle seconds over answered contacts in that weekday and slot, falling back to the slot over
/// all weekdays and then to the whole history, so a thin interval does not swing the staffing.
/// </para>
/// <para>
/// Holidays marked by the user are left out of the fit; a holiday is forecast as its usual day times the holiday factor:
/// the mean ratio of actual to forecast contacts on the marked holidays inside the history (a marked holiday with no data
/// counts as closed, 0). With no marked holiday inside the history the factor is 0: the center is taken to be closed.
/// </para>
/// </summary>
public sealed class HistoryForecastModel
{
    private const int Days = 7;

    private readonly DateOnly _origin;
    private readonly int _intervalMinutes;
    private readonly int _slots;
    private readonly double _levelIntercept;
    private readonly double _levelSlope;
    private readonly int _maxWeeksAhead;
    private readonly double[] _weekly;
    private readonly double[,] _intraday;
    private readonly double?[,] _aht;
    private readonly HashSet<DateOnly> _holidays;

    private HistoryForecastModel(DateOnly origin, int intervalMinutes, double intercept, double slope, int maxWeeksAhead,
        double[] weekly, double[,] intraday, double?[,] aht, HashSet<DateOnly> holidays, double holidayFactor)
    {
        _origin = origin;
        _intervalMinutes = intervalMinutes;
        _slots = 1440 / intervalMinutes;
        _levelIntercept = intercept;
        _levelSlope = slope;
        _maxWeeksAhead = maxWeeksAhead;
        _weekly = weekly;
        _intraday = intraday;
        _aht = aht;
        _holidays = holidays;
        HolidayFactor = holidayFactor;
    }

    /// <summary>The first day after the history: the forecast starts here.</summary>
    public DateOnly Origin => _origin;

    public int IntervalMinutes => _intervalMinutes;

    /// <summary>Contacts on a holiday over contacts on the same day were it not one.</summary>
    public double HolidayFactor { get; }

    /// <summary>The fitted level of a week: contacts on an average day of the week <paramref name="weeksFromOrigin"/> (0 = the week from the origin).</summary>
    public double Level(int weeksFromOrigin) =>
        Math.Max(0, _levelIntercept + _levelSlope * Math.Min(weeksFromOrigin, _maxWeeksAhead));

    /// <summary>The weekday's factor (mean 1 over the open weekdays; 0 for a weekday never open in the fitted weeks).</summary>
    public double Weekly(DayOfWeek day) => _weekly[(int)day];

    /// <summary>The forecast of the interval of <see cref="IntervalMinutes"/> starting at <paramref name="start"/> (local clock).</summary>
    public IntervalForecast Predict(DateOnly date, TimeOnly start)
    {
        var day = (int)date.DayOfWeek;
        var slot = (start.Hour * 60 + start.Minute) / _intervalMinutes;
        var weeks = FloorDiv(date.DayNumber - _origin.DayNumber, Days);
        var contacts = Level(weeks) * _weekly[day] * _intraday[day, slot];
        if (_holidays.Contains(date))
        {
            contacts *= HolidayFactor;
        }
        return new IntervalForecast(contacts, _aht[day, slot]);
    }

    /// <summary>
    /// The forecast of any span on the model's grid or inside one of its intervals: a span shorter than the model's
    /// interval (15 minutes of a 30-minute model) gets its share of the interval's contacts, a longer one the sum.
    /// </summary>
    public IntervalForecast Predict(DateOnly date, TimeOnly start, int minutes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minutes);
        var minute = start.Hour * 60 + start.Minute;
        if (minutes <= _intervalMinutes && (minute % _intervalMinutes) + minutes <= _intervalMinutes)
        {
            var containing = Predict(date, new TimeOnly(0, 0).AddMinutes(minute - minute % _intervalMinutes));
            return containing with { Contacts = containing.Contacts * minutes / _intervalMinutes };
        }
        double contacts = 0, handle = 0, weight = 0;
        double? lastAht = null;
        for (var m = minute; m < minute + minutes && m < 1440;)
        {
            var next = Math.Min(m - m % _intervalMinutes + _intervalMinutes, minute + minutes);
            var part = Predict(date, new TimeOnly(0, 0).AddMinutes(m), next - m);
            contacts += part.Contacts;
            if (part.AhtSeconds is { } aht)
            {
                handle += aht * part.Contacts;
                weight += part.Contacts;
                lastAht = aht;
            }
            m = next;
        }
        return new IntervalForecast(contacts, weight > 0 ? handle / weight : lastAht);
    }

    /// <summary>Fits the model on the whole history (the forecast starts the day after its last day).</summary>
    public static ForecastFit Fit(IEnumerable<HistoryInterval> history, IEnumerable<DateOnly> holidays, int intervalMinutes, ForecastOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(holidays);
        var (series, problem) = HistorySeries.Build(history, intervalMinutes);
        return series is null ? new ForecastFit(null, problem) : Fit(series, holidays.ToHashSet(), series.LastDate.AddDays(1), options ?? ForecastOptions.Default);
    }

    /// <summary>Fits on the days of the series before <paramref name="origin"/> only.</summary>
    internal static ForecastFit Fit(HistorySeries series, HashSet<DateOnly> holidays, DateOnly origin, ForecastOptions options)
    {
        if (options.FitWeeks < 1)
        {
            return new ForecastFit(null, $"fit weeks must be at least 1, not {options.FitWeeks}");
        }
        var known = series.Dates.Where(d => d < origin).ToList();
        if (known.Count == 0)
        {
            return new ForecastFit(null, "no history before the forecast starts");
        }
        if (series.TooShort(origin) is { } tooShort)
        {
            return new ForecastFit(null, tooShort);
        }

        var slots = series.Slots;
        var windowStart = origin.AddDays(-Days * options.FitWeeks);
        var fitDays = known.Where(d => d >= windowStart && !holidays.Contains(d)).ToList();
        if (fitDays.Count == 0)
        {
            return new ForecastFit(null, $"no day outside the holidays in the {options.FitWeeks} week(s) before {origin:yyyy-MM-dd}");
        }
        int WeekOf(DateOnly d) => FloorDiv(d.DayNumber - origin.DayNumber, Days);
        var total = fitDays.ToDictionary(d => d, series.DayTotal);

        // Weekly factors: two passes of "day total / its week's level". Pass 1 takes a week's level as its mean day; pass
        // 2 divides a week's contacts by the factors of the days it has, so a week missing its busiest day is not low.
        var weekly = Enumerable.Repeat(1.0, Days).ToArray();
        var open = new bool[Days];
        foreach (var d in fitDays)
        {
            open[(int)d.DayOfWeek] = true;
        }
        for (var pass = 0; pass < 2; pass++)
        {
            var level = WeekLevels(fitDays, total, weekly, WeekOf);
            var sum = new double[Days];
            var count = new int[Days];
            foreach (var d in fitDays)
            {
                var l = level[WeekOf(d)];
                if (l > 0)
                {
                    sum[(int)d.DayOfWeek] += total[d] / l;
                    count[(int)d.DayOfWeek]++;
                }
            }
            var next = new double[Days];
            for (var w = 0; w < Days; w++)
            {
                next[w] = count[w] > 0 ? sum[w] / count[w] : 0;
            }
            var openDays = open.Count(o => o);
            var mean = next.Sum() / openDays;
            for (var w = 0; w < Days; w++)
            {
                weekly[w] = mean > 0 ? next[w] / mean : (open[w] ? 1 : 0);
            }
        }

        // Level: least squares through the weeks' levels against their week number (the mean when trend is off or one week).
        var levels = WeekLevels(fitDays, total, weekly, WeekOf).OrderBy(kv => kv.Key).ToList();
        var meanWeek = levels.Average(kv => (double)kv.Key);
        var meanLevel = levels.Average(kv => kv.Value);
        var sxx = levels.Sum(kv => (kv.Key - meanWeek) * (kv.Key - meanWeek));
        var slope = options.Trend && levels.Count >= ForecastOptions.MinimumTrendWeeks && sxx > 0 ? levels.Sum(kv => (kv.Key - meanWeek) * (kv.Value - meanLevel)) / sxx : 0;
        var intercept = meanLevel - slope * meanWeek;

        // Intraday shares and handle times per weekday and slot.
        var contacts = new double[Days, slots];
        var answered = new double[Days, slots];
        var handle = new double[Days, slots];
        var dayContacts = new double[Days];
        foreach (var d in fitDays)
        {
            var w = (int)d.DayOfWeek;
            foreach (var (slot, value) in series.Day(d))
            {
                contacts[w, slot] += value.Contacts;
                answered[w, slot] += value.Answered;
                handle[w, slot] += value.HandleSeconds;
                dayContacts[w] += value.Contacts;
            }
        }
        var intraday = new double[Days, slots];
        var aht = new double?[Days, slots];
        var slotAnswered = new double[slots];
        var slotHandle = new double[slots];
        for (var s = 0; s < slots; s++)
        {
            for (var w = 0; w < Days; w++)
            {
                slotAnswered[s] += answered[w, s];
                slotHandle[s] += handle[w, s];
            }
        }
        var allAnswered = slotAnswered.Sum();
        // A history without handle seconds (an arrivals-only series) has no handle time to forecast: null, not 0 s.
        var allHandle = slotHandle.Sum();
        double? overall = allAnswered > 0 && allHandle > 0 ? allHandle / allAnswered : null;
        for (var w = 0; w < Days; w++)
        {
            for (var s = 0; s < slots; s++)
            {
                intraday[w, s] = dayContacts[w] > 0 ? contacts[w, s] / dayContacts[w] : 0;
                aht[w, s] = overall is null ? null
                    : answered[w, s] > 0 ? handle[w, s] / answered[w, s]
                    : slotAnswered[s] > 0 ? slotHandle[s] / slotAnswered[s]
                    : overall;
            }
        }

        var model = new HistoryForecastModel(origin, series.IntervalMinutes, intercept, slope, options.FitWeeks, weekly, intraday, aht, holidays, 0);
        // Holiday factor: what the marked holidays inside the history did against what an ordinary day would have brought.
        var ratios = new List<double>();
        foreach (var h in holidays.Where(h => h >= known[0] && h < origin).Order())
        {
            var expected = model.Level(WeekOf(h)) * weekly[(int)h.DayOfWeek];
            if (expected > 0)
            {
                ratios.Add(series.Has(h) ? series.DayTotal(h) / expected : 0);
            }
        }
        return new ForecastFit(ratios.Count == 0 ? model
            : new HistoryForecastModel(origin, series.IntervalMinutes, intercept, slope, options.FitWeeks, weekly, intraday, aht, holidays, ratios.Average()), null);
    }

    private static Dictionary<int, double> WeekLevels(List<DateOnly> days, Dictionary<DateOnly, double> total, double[] weekly, Func<DateOnly, int> weekOf)
    {
        var levels = new Dictionary<int, double>();
        foreach (var week in days.GroupBy(weekOf).OrderBy(g => g.Key))
        {
            var weights = week.Sum(d => weekly[(int)d.DayOfWeek]);
            if (weights > 0)
            {
                levels[week.Key] = week.Sum(d => total[d]) / weights;
            }
        }
        return levels;
    }

    internal static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
