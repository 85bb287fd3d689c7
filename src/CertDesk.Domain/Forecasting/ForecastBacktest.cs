namespace CertDesk.Domain.Forecasting;

/// <summary>
/// Accuracy of a forecast on weeks held out of its fit: WAPE = sum |forecast - actual| / sum actual and bias =
/// sum (forecast - actual) / sum actual over every interval of every held-out day with data (fractions: 0.08 is 8 %),
/// for the model and for the seasonal-naive forecast of the same weeks. <see cref="AhtWape"/> is the handle-time error
/// weighted by answered contacts (sum |answered x forecast AHT - handle seconds| / sum handle seconds), null without handle times.
/// </summary>
public sealed record ForecastAccuracy(
    int HoldoutWeeks,
    DateOnly From,
    DateOnly To,
    int Days,
    int Intervals,
    double ActualContacts,
    double Wape,
    double Bias,
    double NaiveWape,
    double NaiveBias,
    double? AhtWape)
{
    public bool BeatsNaive => Wape < NaiveWape;
}

/// <summary>
/// Holds out the last weeks of a history, fits the model on the rest and scores both forecasts on the held-out days.
/// Seasonal naive is the usual benchmark for interval data: each held-out interval gets the same interval of the same
/// weekday in the last fitted week that weekday had data (not a marked holiday), so both forecasts see the same past.
/// </summary>
public static class ForecastBacktest
{
    public static (ForecastAccuracy? Accuracy, string? Problem) Evaluate(IEnumerable<HistoryInterval> history, IEnumerable<DateOnly> holidays,
        int intervalMinutes, int holdoutWeeks, ForecastOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(holidays);
        var (series, problem) = HistorySeries.Build(history, intervalMinutes);
        return series is null ? (null, problem) : Evaluate(series, holidays.ToHashSet(), holdoutWeeks, options ?? ForecastOptions.Default);
    }

    public static (ForecastAccuracy? Accuracy, string? Problem) Evaluate(HistorySeries series, HashSet<DateOnly> holidays, int holdoutWeeks, ForecastOptions options)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(holidays);
        if (holdoutWeeks < 1)
        {
            return (null, $"hold out at least one week, not {holdoutWeeks}");
        }
        var origin = series.LastDate.AddDays(1 - 7 * holdoutWeeks);
        if (series.TooShort(origin) is { } tooShort)
        {
            return (null, $"holding out {holdoutWeeks} week(s) of {series.FirstDate:yyyy-MM-dd} to {series.LastDate:yyyy-MM-dd} leaves too little to fit on: {tooShort}");
        }
        var fit = HistoryForecastModel.Fit(series, holidays, origin, options);
        if (fit.Model is not { } model)
        {
            return (null, fit.Problem);
        }

        double actual = 0, error = 0, signed = 0, naiveError = 0, naiveSigned = 0, handle = 0, handleError = 0;
        int days = 0, intervals = 0;
        foreach (var day in series.Dates.Where(d => d >= origin))
        {
            days++;
            var naiveDay = NaiveSource(series, holidays, day, origin);
            for (var slot = 0; slot < series.Slots; slot++)
            {
                var a = series.At(day, slot);
                var f = model.Predict(day, new TimeOnly(0, 0).AddMinutes(slot * series.IntervalMinutes));
                var n = naiveDay is { } source ? series.At(source, slot).Contacts : 0;
                if (a.Contacts == 0 && f.Contacts == 0 && n == 0)
                {
                    continue; // a closed interval: nothing to score
                }
                intervals++;
                actual += a.Contacts;
                error += Math.Abs(f.Contacts - a.Contacts);
                signed += f.Contacts - a.Contacts;
                naiveError += Math.Abs(n - a.Contacts);
                naiveSigned += n - a.Contacts;
                if (a.Answered > 0 && a.HandleSeconds > 0 && f.AhtSeconds is { } aht)
                {
                    handle += a.HandleSeconds;
                    handleError += Math.Abs(a.Answered * aht - a.HandleSeconds);
                }
            }
        }
        if (actual <= 0)
        {
            return (null, $"the held-out weeks ({origin:yyyy-MM-dd} to {series.LastDate:yyyy-MM-dd}) have no contacts to measure the forecast against");
        }
        return (new ForecastAccuracy(holdoutWeeks, origin, series.LastDate, days, intervals, actual,
            error / actual, signed / actual, naiveError / actual, naiveSigned / actual, handle > 0 ? handleError / handle : null), null);
    }

    /// <summary>The day seasonal naive copies for <paramref name="day"/>: the same weekday, a whole number of weeks back, before the origin.</summary>
    internal static DateOnly? NaiveSource(HistorySeries series, HashSet<DateOnly> holidays, DateOnly day, DateOnly origin)
    {
        var weeksBack = HistoryForecastModel.FloorDiv(day.DayNumber - origin.DayNumber, 7) + 1;
        for (var d = day.AddDays(-7 * weeksBack); d >= series.FirstDate; d = d.AddDays(-7))
        {
            if (series.Has(d) && !holidays.Contains(d))
            {
                return d;
            }
        }
        return null;
    }
}
