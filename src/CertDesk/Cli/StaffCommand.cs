using System.CommandLine;
using CertDesk.Domain;
using CertDesk.Features.Calculations;
using static CertDesk.Cli.CalculationCommands;

namespace CertDesk.Cli;

/// <summary>
/// <c>staff --calls N --interval S --aht S --sl P --target S [--max-occupancy P] [--shrinkage P] [--patience S] [--json]</c>, or
/// <c>staff --forecast FILE --out FILE --sl P --target S [--interval S] [...]</c> for every row of a forecast (interval 900 s by default).
/// </summary>
public static class StaffCommand
{
    public const decimal DefaultForecastInterval = 900;

    public static Command Create(CliConsole console)
    {
        var calls = NumberOption("--calls", "Contacts in the interval (may be fractional)");
        var interval = NumberOption("--interval", "Interval length in seconds (forecast default: 900)");
        var aht = NumberOption("--aht", "Average handle time in seconds");
        var sl = NumberOption("--sl", "Service-level target as a fraction (0.8 = 80 %)", required: true);
        var target = NumberOption("--target", "Service-level threshold in seconds", required: true);
        var maxOccupancy = NumberOption("--max-occupancy", "Maximum occupancy as a fraction (0.85 = 85 %)");
        var shrinkage = NumberOption("--shrinkage", "Shrinkage as a fraction (0.3 = 30 %)");
        var patience = NumberOption("--patience", "Mean patience in seconds: staff with Erlang A instead of Erlang C");
        var forecast = new Option<FileInfo>("--forecast") { Description = "Forecast CSV: queue,interval_start,calls,aht_seconds" };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the staffed forecast CSV" };
        var json = CommonOptions.Json();
        var command = new Command("staff", "The fewest agents meeting a service level (and occupancy) target")
        {
            calls, interval, aht, sl, target, maxOccupancy, shrinkage, patience, forecast, output, json,
        };

        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var errors = new List<FieldError>();
            var forecastFile = parse.GetValue(forecast);
            if (forecastFile is null)
            {
                if (parse.GetValue(output) is not null)
                {
                    throw new UsageException("--out: only with --forecast");
                }
                var input = new StaffInput(Number(parse, calls), Number(parse, interval), Number(parse, aht), Number(parse, sl), Number(parse, target),
                    Number(parse, maxOccupancy), Number(parse, shrinkage), Number(parse, patience));
                var r = Calculations.Staff(input, errors);
                ThrowUsage(errors);
                if (parse.GetValue(json))
                {
                    await CliOutput.WriteJsonAsync(console.Out, r!);
                }
                else
                {
                    var abandon = r!.ProbAbandon is { } ab ? ", P(abandon) " + Percent(ab) : "";
                    await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{r.Agents} agents ({r.StaffWithShrinkage} scheduled with shrinkage): service level {Percent(r.ServiceLevel)}, ASA {Seconds(r.AsaSeconds)}, occupancy {Percent(r.Occupancy)}{abandon}"));
                }
                return ExitCodes.Success;
            }

            if (parse.GetValue(calls) is not null || parse.GetValue(aht) is not null)
            {
                throw new UsageException("--forecast: --calls and --aht come from the file; do not give them too");
            }
            var outFile = parse.GetValue(output) ?? throw new UsageException("--out: required with --forecast");
            var length = Number(parse, interval) ?? DefaultForecastInterval;
            if (length <= 0)
            {
                throw new UsageException("--interval: must be > 0");
            }
            var targets = Calculations.Targets(Number(parse, sl), Number(parse, target), Number(parse, maxOccupancy), Number(parse, shrinkage),
                Number(parse, patience), errors);
            ThrowUsage(errors);
            if (!forecastFile.Exists)
            {
                throw new InvalidInputException($"{forecastFile.Name}: file not found");
            }

            // Streams the file and writes beside the target, then moves: a bad file or a failed write leaves no partial file.
            var result = await Task.Run(() => ForecastStaffing.Run(forecastFile.FullName, outFile.FullName, forecastFile.Name, length, targets!, ct), ct);
            if (!result.Succeeded)
            {
                throw new InvalidInputException(result.Errors);
            }
            var rows = result.Rows;
            if (parse.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(console.Out, new { rows, out_file = outFile.FullName });
            }
            else
            {
                await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Staffed {rows} intervals into {outFile.Name}"));
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
