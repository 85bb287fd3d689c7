using CertDesk.Domain.Forecasting;

namespace CertDesk.Domain.Tests.Forecasting;

/// <summary>
/// The forecast from history against values worked out by hand on small series: 60-minute intervals, a center open
/// Monday to Friday with two intervals a day (09:00 and 10:00), history from Monday 2026-11-02. Fractions in the
/// comments are the exact values; the assertions allow only floating-point rounding.
/// </summary>
public sealed class HistoryForecastTests
{
    private static readonly DateOnly s_monday = new(2026, 11, 2);
    private static readonly TimeOnly s_nine = new(9, 0);
    private static readonly TimeOnly s_ten = new(10, 0);

    /// <summary>Weeks of Monday-to-Friday history; <paramref name="day"/> gives a day's (09:00, 10:00) contacts, or null for no data.</summary>
    private static List<HistoryInterval> Weeks(int weeks, Func<int, DayOfWeek, (double Nine, double Ten)?> day, Func<double, double>? handlePerContact = null)
    {
        var rows = new List<HistoryInterval>();
        for (var w = 0; w < weeks; w++)
        {
            for (var d = 0; d < 5; d++)
            {
                var date = s_monday.AddDays(7 * w + d);
                if (day(w, date.DayOfWeek) is not { } values)
                {
                    continue;
                }
                rows.Add(new HistoryInterval(date, s_nine, values.Nine, values.Nine, values.Nine * (handlePerContact?.Invoke(9) ?? 0)));
                rows.Add(new HistoryInterval(date, s_ten, values.Ten, values.Ten, values.Ten * (handlePerContact?.Invoke(10) ?? 0)));
            }
        }
        return rows;
    }

    private static HistoryForecastModel Fit(List<HistoryInterval> rows, ForecastOptions? options = null, params DateOnly[] holidays)
    {
        var fit = HistoryForecastModel.Fit(rows, holidays, 60, options);
        Assert.True(fit.Succeeded, fit.Problem);
        return fit.Model!;
    }

    [Fact]
    public void Fit_SteadyWeeks_WeeklyTimesIntradayProfile()
    {
        // Monday 40 contacts (10 + 30), other weekdays 20 (5 + 15): a week of 120 over 5 days, level 24.
        // Weekly: Monday 40/24 = 5/3, the others 20/24 = 5/6 (mean 1). Intraday: 1/4 at 09:00, 3/4 at 10:00.
        var model = Fit(Weeks(2, (_, d) => d == DayOfWeek.Monday ? (10, 30) : (5, 15)));

        Assert.Equal(new DateOnly(2026, 11, 14), model.Origin);
        Assert.Equal(5.0 / 3, model.Weekly(DayOfWeek.Monday), 12);
        Assert.Equal(5.0 / 6, model.Weekly(DayOfWeek.Friday), 12);
        Assert.Equal(0, model.Weekly(DayOfWeek.Saturday));
        Assert.Equal(24, model.Level(0), 12);
        Assert.Equal(10, model.Predict(new DateOnly(2026, 11, 16), s_nine).Contacts, 12); // 24 x 5/3 x 1/4
        Assert.Equal(15, model.Predict(new DateOnly(2026, 11, 17), s_ten).Contacts, 12);  // 24 x 5/6 x 3/4
        Assert.Equal(0, model.Predict(new DateOnly(2026, 11, 21), s_nine).Contacts);      // Saturday: never open
        Assert.Equal(0, model.Predict(new DateOnly(2026, 11, 16), new TimeOnly(3, 0)).Contacts);
    }

    [Fact]
    public void Fit_GrowingWeeks_TrendLineThroughTheWeeklyLevels()
    {
        // Six weeks, week i scaled by (24 + 6i) / 24: levels 24, 30, ..., 54 at weeks -6 ... -1 from the origin. The line
        // through them: slope 6, level(0) = 60, level(1) = 66. Weekly 5/3 (Monday), 5/6; intraday 1/4 and 3/4 as above.
        var rows = Weeks(6, (w, d) =>
        {
            var f = (24 + 6.0 * w) / 24;
            return d == DayOfWeek.Monday ? (10 * f, 30 * f) : (5 * f, 15 * f);
        });
        var model = Fit(rows);

        Assert.Equal(new DateOnly(2026, 12, 12), model.Origin);
        Assert.Equal(60, model.Level(0), 10);
        Assert.Equal(66, model.Level(1), 10);
        Assert.Equal(25, model.Predict(new DateOnly(2026, 12, 14), s_nine).Contacts, 10);  // 60 x 5/3 x 1/4
        Assert.Equal(82.5, model.Predict(new DateOnly(2026, 12, 21), s_ten).Contacts, 10); // 66 x 5/3 x 3/4

        // The line is not followed further ahead than the fitted weeks (8 by default): week 9 is read as week 8 (108).
        Assert.Equal(108, model.Level(9), 10);

        // Without trend: the mean of the weekly levels, 39.
        var flat = Fit(rows, new ForecastOptions(Trend: false));
        Assert.Equal(16.25, flat.Predict(new DateOnly(2026, 12, 14), s_nine).Contacts, 10); // 39 x 5/3 x 1/4

        // Fewer than six weeks: no line, the mean level (levels 24 and 30: 27).
        var twoWeeks = Fit(rows.Where(r => r.Date < new DateOnly(2026, 11, 14)).ToList());
        Assert.Equal(27, twoWeeks.Level(0), 10);
    }

    [Fact]
    public void Fit_WeekMissingItsBusiestDay_NotReadAsAQuietWeek()
    {
        // Monday 40, others 20, but the second week has no Monday (a gap). Pass 1 (level = mean day: 24 and 20) gives
        // Monday 25/16 and the others 55/64; pass 2 divides each week by its days' factors (levels 24 and 80/(220/64)),
        // giving Monday 160/97 and the others 325/388: nearer the true 5/3 and 5/6 than a mean day would.
        var model = Fit(Weeks(2, (w, d) => w == 1 && d == DayOfWeek.Monday ? null : d == DayOfWeek.Monday ? (10, 30) : (5, 15)));

        Assert.Equal(160.0 / 97, model.Weekly(DayOfWeek.Monday), 12);
        Assert.Equal(325.0 / 388, model.Weekly(DayOfWeek.Tuesday), 12);
        // Levels: week -2 = 120 / (160/97 + 4 x 325/388) = 24; week -1 = 80 / (4 x 325/388) = 31040/1300 (not 20, a mean
        // day of a week without its Monday); two weeks are too few for a line: the level is their mean.
        var second = 80 / (4 * 325.0 / 388);
        Assert.Equal((24 + second) / 2, model.Level(0), 10);
    }

    [Fact]
    public void Fit_MarkedHolidays_LeftOutOfTheFitAndForecastByTheirFactor()
    {
        // A flat week (every weekday 5 + 15) with Wednesday 2026-11-11 a holiday that had 10 contacts instead of 20:
        // holiday factor 1/2. A future holiday gets half its weekday; an ordinary day is untouched.
        var rows = Weeks(2, (w, d) => w == 1 && d == DayOfWeek.Wednesday ? (2.5, 7.5) : (5, 15));
        var future = new DateOnly(2026, 11, 18);
        var model = Fit(rows, null, new DateOnly(2026, 11, 11), future);

        Assert.Equal(0.5, model.HolidayFactor, 12);
        Assert.Equal(20, model.Level(0), 12);
        Assert.Equal(7.5, model.Predict(future, s_ten).Contacts, 12);                    // 20 x 1 x 3/4 x 1/2
        Assert.Equal(15, model.Predict(new DateOnly(2026, 11, 19), s_ten).Contacts, 12); // Thursday: no holiday

        // A marked holiday with no data at all in the history: the center was closed, factor 0.
        var closed = Fit(Weeks(2, (w, d) => w == 1 && d == DayOfWeek.Wednesday ? null : (5, 15)), null, new DateOnly(2026, 11, 11), future);
        Assert.Equal(0, closed.HolidayFactor);
        Assert.Equal(0, closed.Predict(future, s_ten).Contacts);
    }

    [Fact]
    public void Fit_HandleTime_PerWeekdayAndSlot_WithFallbacks()
    {
        // Handle seconds per contact: 180 at 09:00, 240 at 10:00; Monday 10:00 takes 300 s; Friday 09:00 has no answered
        // contact, so it takes the 09:00 slot over all weekdays (180).
        var rows = Weeks(2, (_, _) => (5, 15), slot => slot == 9 ? 180 : 240)
            .Select(r => r.Date.DayOfWeek == DayOfWeek.Monday && r.Start == s_ten ? r with { HandleSeconds = r.Answered * 300 } : r)
            .Select(r => r.Date.DayOfWeek == DayOfWeek.Friday && r.Start == s_nine ? r with { Answered = 0, HandleSeconds = 0 } : r)
            .ToList();
        var model = Fit(rows);

        Assert.Equal(300, model.Predict(new DateOnly(2026, 11, 16), s_ten).AhtSeconds!.Value, 12);
        Assert.Equal(240, model.Predict(new DateOnly(2026, 11, 17), s_ten).AhtSeconds!.Value, 12);
        Assert.Equal(180, model.Predict(new DateOnly(2026, 11, 20), s_nine).AhtSeconds!.Value, 12);
        Assert.Null(Fit(Weeks(2, (_, _) => (5, 15))).Predict(new DateOnly(2026, 11, 16), s_nine).AhtSeconds);
    }

    [Fact]
    public void Predict_SpansInsideAndAcrossTheModelsIntervals()
    {
        var model = Fit(Weeks(2, (_, _) => (8, 16)));
        var monday = new DateOnly(2026, 11, 16);

        Assert.Equal(2, model.Predict(monday, new TimeOnly(9, 15), 15).Contacts, 12);  // a quarter of 8
        Assert.Equal(24, model.Predict(monday, s_nine, 120).Contacts, 12);              // 8 + 16
        Assert.Equal(6, model.Predict(monday, new TimeOnly(9, 45), 30).Contacts, 12);  // 8/4 + 16/4
    }

    [Fact]
    public void Backtest_HeldOutWeek_WapeAndBiasOfModelAndSeasonalNaive()
    {
        // Fit weeks: every weekday 4 + 12 (level 16), then 6 + 18 (24); held-out week 7 + 21 (28). Two weeks are too few
        // for a line: level 20 (5 + 15), off by 2 + 6 = 8 a day over 28: WAPE 2/7, bias -2/7. Seasonal naive copies the
        // last week (6 + 18): WAPE 1/7, bias -1/7 (on a steady climb the last week is the better guess).
        // Handle: 100 s per contact in the fit weeks; held out 120 s at 09:00: |7 x 100 - 7 x 120| / (840 + 2100) = 1/21.
        var rows = Weeks(3, (w, _) => w switch { 0 => (4, 12), 1 => (6, 18), _ => (7, 21) }, _ => 100)
            .Select(r => r.Date >= new DateOnly(2026, 11, 16) && r.Start == s_nine ? r with { HandleSeconds = r.Answered * 120 } : r)
            .ToList();

        var (accuracy, problem) = ForecastBacktest.Evaluate(rows, [], 60, 1);
        Assert.Null(problem);
        Assert.Equal(new DateOnly(2026, 11, 14), accuracy!.From);
        Assert.Equal(5, accuracy.Days);
        Assert.Equal(10, accuracy.Intervals);
        Assert.Equal(140, accuracy.ActualContacts);
        Assert.Equal(2.0 / 7, accuracy.Wape, 12);
        Assert.Equal(-2.0 / 7, accuracy.Bias, 12);
        Assert.Equal(1.0 / 7, accuracy.NaiveWape, 12);
        Assert.Equal(-1.0 / 7, accuracy.NaiveBias, 12);
        Assert.Equal(1.0 / 21, accuracy.AhtWape!.Value, 12);
        Assert.False(accuracy.BeatsNaive);
    }

    [Fact]
    public void Fit_LessThanTwoWeeks_SaysSo()
    {
        var fit = HistoryForecastModel.Fit(Weeks(1, (_, _) => (5, 15)), [], 60);

        Assert.False(fit.Succeeded);
        Assert.Contains("at least two weeks", fit.Problem, StringComparison.Ordinal);
        Assert.Contains("it has 5 day(s), 2026-11-02 to 2026-11-06", fit.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtest_HoldoutLeavingLessThanTwoWeeks_SaysSo()
    {
        var (accuracy, problem) = ForecastBacktest.Evaluate(Weeks(3, (_, _) => (5, 15)), [], 60, 2);

        Assert.Null(accuracy);
        Assert.Contains("holding out 2 week(s) of 2026-11-02 to 2026-11-20 leaves too little to fit on: needs at least two weeks", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NoHistoryOrBadCounts_SaysWhich()
    {
        Assert.Equal("there is no history", HistoryForecastModel.Fit([], [], 15).Problem);
        var negative = HistoryForecastModel.Fit([new HistoryInterval(s_monday, s_nine, -1, 0, 0)], [], 15);
        Assert.Contains("2026-11-02 09:00 has a negative or non-numeric count", negative.Problem, StringComparison.Ordinal);
        Assert.Contains("divide a day", HistoryForecastModel.Fit([], [], 7).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_WholeWeekMissingInTheMiddle_StillForecasts()
    {
        // The second and third of four weeks have no data at all (an outage): the line goes through the weeks that do.
        var model = Fit(Weeks(4, (w, _) => w is 1 or 2 ? null : (5, 15)));

        Assert.Equal(20, model.Level(0), 12);
        Assert.Equal(15, model.Predict(new DateOnly(2026, 11, 30), s_ten).Contacts, 12);
    }

    [Fact]
    public void Fit_SameHistoryTwice_SameForecast()
    {
        var rows = Weeks(3, (w, d) => (5 + w + (int)d, 15 - w));
        var a = Fit(rows);
        var b = Fit(rows.AsEnumerable().Reverse().ToList());

        Assert.Equal(a.Predict(new DateOnly(2026, 11, 24), s_ten), b.Predict(new DateOnly(2026, 11, 24), s_ten));
    }
}
