using System.Globalization;

namespace CertDesk.Domain.Forecasting;

/// <summary>The values of one interval: contacts, answered contacts, handle seconds of the answered.</summary>
public readonly record struct IntervalValues(double Contacts, double Answered, double HandleSeconds);

/// <summary>
/// A history checked and put on the model's grid: per day, the intervals that had contacts. Finer intervals (the
/// 5-minute slots of a report) are added into the model's interval; the same interval given twice is added too (the
/// repeated hour of a fall-back day on the local clock).
/// </summary>
public sealed class HistorySeries
{
    private readonly SortedDictionary<DateOnly, SortedDictionary<int, IntervalValues>> _days;

    private HistorySeries(int intervalMinutes, SortedDictionary<DateOnly, SortedDictionary<int, IntervalValues>> days)
    {
        IntervalMinutes = intervalMinutes;
        _days = days;
        Dates = days.Keys.ToList();
    }

    public int IntervalMinutes { get; }

    public int Slots => 1440 / IntervalMinutes;

    /// <summary>The days with data, in order.</summary>
    public IReadOnlyList<DateOnly> Dates { get; }

    public DateOnly FirstDate => Dates[0];

    public DateOnly LastDate => Dates[^1];

    public bool Has(DateOnly date) => _days.ContainsKey(date);

    /// <summary>The intervals of a day that had contacts (slot number = minutes since midnight / interval).</summary>
    public IEnumerable<KeyValuePair<int, IntervalValues>> Day(DateOnly date) =>
        _days.TryGetValue(date, out var day) ? day : [];

    public IntervalValues At(DateOnly date, int slot) =>
        _days.TryGetValue(date, out var day) && day.TryGetValue(slot, out var v) ? v : default;

    public double DayTotal(DateOnly date) => Day(date).Sum(kv => kv.Value.Contacts);

    /// <summary>The fewest days from the first day of history to the last, both counted: two working weeks of a center
    /// closed at weekends (Monday to the next week's Friday), so every weekday it opens is seen twice when nothing is missing.</summary>
    public const int MinimumDays = 12;

    /// <summary>Why the days before <paramref name="origin"/> are too few to fit on (less than two weeks), or null.</summary>
    public string? TooShort(DateOnly origin)
    {
        var known = Dates.Where(d => d < origin).ToList();
        if (known.Count == 0)
        {
            return "there is no history before the forecast starts";
        }
        var days = known[^1].DayNumber - known[0].DayNumber + 1;
        return days >= MinimumDays ? null
            : $"needs at least two weeks of history ({MinimumDays} days from first to last); it has {days} day(s), {known[0]:yyyy-MM-dd} to {known[^1]:yyyy-MM-dd}";
    }

    /// <summary>Checks the history; the problem names the first bad interval.</summary>
    public static (HistorySeries? Series, string? Problem) Build(IEnumerable<HistoryInterval> history, int intervalMinutes)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (intervalMinutes <= 0 || intervalMinutes > 1440 || 1440 % intervalMinutes != 0)
        {
            return (null, $"the interval must divide a day into whole minutes (5, 15, 30, 60 ...), not {intervalMinutes}");
        }
        var days = new SortedDictionary<DateOnly, SortedDictionary<int, IntervalValues>>();
        foreach (var h in history)
        {
            if (!Valid(h.Contacts) || !Valid(h.Answered) || !Valid(h.HandleSeconds))
            {
                return (null, string.Create(CultureInfo.InvariantCulture,
                    $"the interval {h.Date:yyyy-MM-dd} {h.Start:HH\\:mm} has a negative or non-numeric count ({h.Contacts} contacts, {h.Answered} answered, {h.HandleSeconds} handle seconds)"));
            }
            if (!days.TryGetValue(h.Date, out var day))
            {
                days[h.Date] = day = [];
            }
            var slot = (h.Start.Hour * 60 + h.Start.Minute) / intervalMinutes;
            var old = day.GetValueOrDefault(slot);
            day[slot] = new IntervalValues(old.Contacts + h.Contacts, old.Answered + h.Answered, old.HandleSeconds + h.HandleSeconds);
        }
        if (days.Count == 0)
        {
            return (null, "there is no history");
        }
        return (new HistorySeries(intervalMinutes, days), null);
    }

    private static bool Valid(double value) => double.IsFinite(value) && value >= 0;
}
