using System.CommandLine;
using CertDesk.Domain.Forecasting;
using CertDesk.Files;

namespace CertDesk.Cli;

/// <summary>
/// <c>forecast evaluate --history FILE [--holdout-weeks N] [--interval MIN] [--fit-weeks N] [--no-trend] [--holidays D,D]
/// [--time-zone TZ] [--json]</c>: how well the forecast from history would have done on the last weeks of a history
/// file, next to seasonal naive. No database.
/// </summary>
public static class ForecastCommand
{
    public static Command Create(CliConsole console)
    {
        var history = new Option<FileInfo>("--history")
        {
            Description = "History CSV: the contract's intervals file (summed over its teams), or DateTime,Calls (local clock times, as the fpp3 bank_calls export)",
            Required = true,
        };
        var holdout = new Option<int>("--holdout-weeks") { Description = "Weeks held out at the end of the history (default 4)", DefaultValueFactory = _ => 4 };
        var interval = new Option<int>("--interval") { Description = "Forecast interval in minutes; finer rows are added up (default 15)", DefaultValueFactory = _ => 15 };
        var fitWeeks = new Option<int>("--fit-weeks")
        {
            Description = $"Most recent weeks the model is fitted on (default {ForecastOptions.Default.FitWeeks})",
            DefaultValueFactory = _ => ForecastOptions.Default.FitWeeks,
        };
        var noTrend = new Option<bool>("--no-trend") { Description = "Take the fitted weeks' mean level instead of a straight line through them" };
        var holidays = new Option<string?>("--holidays") { Description = "Holidays, comma-separated dates (yyyy-MM-dd)" };
        var timeZone = new Option<string?>("--time-zone") { Description = "IANA time zone of the site, to read an intervals file's UTC starts on the local clock (default UTC)" };
        var json = CommonOptions.Json();
        var evaluate = new Command("evaluate", "Holds out the last weeks of a history and prints WAPE and bias of the forecast and of seasonal naive")
        {
            history, holdout, interval, fitWeeks, noTrend, holidays, timeZone, json,
        };
        evaluate.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var minutes = parse.GetValue(interval);
            if (minutes <= 0 || 1440 % minutes != 0)
            {
                throw new UsageException($"--interval {minutes} does not divide a day into whole minutes (e.g. 5, 15, 30, 60)");
            }
            var weeks = parse.GetValue(holdout);
            if (weeks < 1)
            {
                throw new UsageException($"--holdout-weeks {weeks}: hold out at least one week");
            }
            if (parse.GetValue(fitWeeks) < 1)
            {
                throw new UsageException($"--fit-weeks {parse.GetValue(fitWeeks)}: fit on at least one week");
            }
            var holidayDates = ParseHolidays(parse.GetValue(holidays));
            TimeZoneInfo zone = TimeZoneInfo.Utc;
            if (parse.GetValue(timeZone) is { Length: > 0 } tz && !TimeZoneInfo.TryFindSystemTimeZoneById(tz, out zone!))
            {
                throw new UsageException($"--time-zone '{tz}' is not a known time zone (IANA, e.g. America/New_York)");
            }
            var file = parse.GetValue(history)!;
            if (!file.Exists)
            {
                throw new InvalidInputException($"{file.Name}: no such file");
            }
            var text = await File.ReadAllTextAsync(file.FullName, ct);
            var (rows, errors) = HistoryFile.Read(text, file.Name, zone);
            if (errors.Count > 0)
            {
                throw new InvalidInputException(errors);
            }
            var options = new ForecastOptions(parse.GetValue(fitWeeks), !parse.GetValue(noTrend));
            var (series, problem) = HistorySeries.Build(rows, minutes);
            if (series is null)
            {
                throw new InvalidInputException($"{file.Name}: {problem}");
            }
            var (accuracy, why) = ForecastBacktest.Evaluate(series, holidayDates, weeks, options);
            if (accuracy is null)
            {
                throw new InvalidInputException($"{file.Name}: {why}");
            }
            if (parse.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(console.Out, new
                {
                    history_from = series.FirstDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    history_to = series.LastDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    days_with_data = series.Dates.Count,
                    interval_minutes = minutes,
                    fit_weeks = options.FitWeeks,
                    trend = options.Trend,
                    holdout_weeks = weeks,
                    holdout_from = accuracy.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    holdout_to = accuracy.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    holdout_days = accuracy.Days,
                    holdout_intervals = accuracy.Intervals,
                    actual_contacts = accuracy.ActualContacts,
                    wape = accuracy.Wape,
                    bias = accuracy.Bias,
                    naive_wape = accuracy.NaiveWape,
                    naive_bias = accuracy.NaiveBias,
                    aht_wape = accuracy.AhtWape,
                    beats_naive = accuracy.BeatsNaive,
                });
                return ExitCodes.Success;
            }
            var w = console.Out;
            await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"History: {series.FirstDate:yyyy-MM-dd} to {series.LastDate:yyyy-MM-dd}, {series.Dates.Count} days with data, {minutes}-minute intervals"));
            await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Held out: {weeks} week(s), {accuracy.From:yyyy-MM-dd} to {accuracy.To:yyyy-MM-dd} ({accuracy.Days} days, {accuracy.Intervals} intervals, {accuracy.ActualContacts:0} contacts)"));
            await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Forecast from history ({(options.Trend && options.FitWeeks >= ForecastOptions.MinimumTrendWeeks ? "level and trend" : "level")} over {options.FitWeeks} weeks): WAPE {accuracy.Wape * 100:0.00} %, bias {accuracy.Bias * 100:+0.00;-0.00;0.00} %"));
            await w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Seasonal naive (same interval, last fitted week): WAPE {accuracy.NaiveWape * 100:0.00} %, bias {accuracy.NaiveBias * 100:+0.00;-0.00;0.00} %"));
            await w.WriteLineAsync(accuracy.AhtWape is { } aht
                ? string.Create(CultureInfo.InvariantCulture, $"Handle time: WAPE {aht * 100:0.00} %")
                : "Handle time: not measured (the history has no handle times)");
            await w.WriteLineAsync(accuracy.BeatsNaive ? "The forecast beats seasonal naive on the held-out weeks." : "The forecast does NOT beat seasonal naive on the held-out weeks.");
            return ExitCodes.Success;
        });

        var forecast = new Command("forecast", "The forecast from history: contacts and handle time per interval where no forecast is imported");
        forecast.Subcommands.Add(evaluate);
        return forecast;
    }

    private static HashSet<DateOnly> ParseHolidays(string? text)
    {
        var dates = new HashSet<DateOnly>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!DateOnly.TryParseExact(part, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new UsageException($"--holidays: '{part}' is not a date (yyyy-MM-dd)");
            }
            dates.Add(date);
        }
        return dates;
    }
}

/// <summary>
/// A history file for <c>forecast evaluate</c>: the contract's <c>intervals</c> CSV (UTC starts, read on the site's
/// clock; all teams added up) or a two-column <c>DateTime,Calls</c> series (local clock times; the trailing Z of the
/// fpp3 export is an artefact of R's tsibble, see shared/data/README.md). Every bad row is named; nothing is guessed.
/// </summary>
public static class HistoryFile
{
    public static (List<HistoryInterval> Rows, List<string> Errors) Read(string text, string fileName, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var (header, rows, fileError) = CsvTable.Read(text, fileName, []);
        var errors = new List<string>();
        var result = new List<HistoryInterval>();
        if (fileError is not null)
        {
            return (result, [fileError]);
        }
        var contract = header.Contains("interval_start") && header.Contains("offered");
        var series = header.Contains("DateTime") && header.Contains("Calls");
        if (!contract && !series)
        {
            return (result, [$"{fileName}: row 1: expected the intervals columns (team_id,interval_start,offered,answered,...,handle_seconds,...) or DateTime,Calls; found {string.Join(",", header)}"]);
        }
        foreach (var row in rows)
        {
            if (row.Errors.Count > 0)
            {
                errors.AddRange(row.Errors);
                continue;
            }
            if (contract)
            {
                var start = row["interval_start"];
                if (!DateTimeOffset.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                {
                    row.Error("interval_start", $"'{start}' is not an ISO 8601 date-time");
                }
                var offered = Count(row, "offered");
                var answered = header.Contains("answered") ? Count(row, "answered") : 0;
                var handle = header.Contains("handle_seconds") ? Count(row, "handle_seconds") : 0;
                if (row.Errors.Count == 0)
                {
                    var local = TimeZoneInfo.ConvertTime(at, zone).DateTime;
                    result.Add(new HistoryInterval(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local), offered, answered, handle));
                }
            }
            else
            {
                var start = row["DateTime"];
                if (!DateTime.TryParseExact(start.TrimEnd('Z'), ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"],
                        CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                {
                    row.Error("DateTime", $"'{start}' is not a date-time (yyyy-MM-ddTHH:mm:ss)");
                }
                var calls = Count(row, "Calls");
                if (row.Errors.Count == 0)
                {
                    result.Add(new HistoryInterval(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local), calls, 0, 0));
                }
            }
            errors.AddRange(row.Errors);
        }
        if (errors.Count == 0 && result.Count == 0)
        {
            errors.Add($"{fileName}: no rows: there is no history");
        }
        return (result, errors.Take(20).ToList());
    }

    private static long Count(CsvRow row, string column)
    {
        var text = row[column];
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            row.Error(column, $"'{text}' is not a whole number >= 0");
        }
        return value;
    }
}
