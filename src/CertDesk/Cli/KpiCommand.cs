using System.CommandLine;
using CertDesk.Domain.Kpi;
using CertDesk.Features.Proof;

namespace CertDesk.Cli;

/// <summary><c>kpi aggregate --cdr FILE --out FILE [--interval MIN] [--sl-threshold S] [--json]</c>: no database.</summary>
public static class KpiCommand
{
    public static Command Create(CliConsole console)
    {
        var cdr = new Option<FileInfo>("--cdr") { Description = "Call detail records (cdr CSV)", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the interval facts (intervals CSV)", Required = true };
        var interval = new Option<int>("--interval")
        {
            Description = "Interval length in minutes, dividing a day (default 15)",
            DefaultValueFactory = _ => KpiSettings.DefaultIntervalMinutes,
        };
        var threshold = new Option<int>("--sl-threshold")
        {
            Description = "Service-level threshold in seconds: answered with wait <= this counts as within (default 20)",
            DefaultValueFactory = _ => KpiSettings.DefaultSlThresholdSeconds,
        };
        var json = CommonOptions.Json();
        var aggregate = new Command("aggregate", "Call detail records to per-team, per-interval facts (streaming, all or nothing)")
        {
            cdr, output, interval, threshold, json,
        };
        aggregate.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var settings = new KpiSettings(parse.GetValue(interval), parse.GetValue(threshold));
            if (settings.Validate() is { } problem)
            {
                throw new UsageException(problem);
            }
            var input = parse.GetValue(cdr)!;
            var outFile = parse.GetValue(output)!;
            var result = await Task.Run(() => CdrAggregation.Run(input.FullName, outFile.FullName, settings, input.Name, ct: ct), ct);
            if (!result.Succeeded)
            {
                throw new InvalidInputException(result.Errors);
            }
            if (parse.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(console.Out, new { contacts = result.Contacts, facts = result.Facts, out_file = outFile.FullName });
            }
            else
            {
                await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Aggregated {result.Contacts} contacts into {result.Facts} interval facts in {outFile.Name}"));
            }
            return ExitCodes.Success;
        });

        var kpi = new Command("kpi", "Contact-center KPIs from call detail records");
        kpi.Subcommands.Add(aggregate);
        return kpi;
    }
}
