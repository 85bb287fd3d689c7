using System.CommandLine;
using CertDesk.Domain;
using CertDesk.Features.Calculations;
using static CertDesk.Cli.CalculationCommands;

namespace CertDesk.Cli;

/// <summary><c>erlang c|a --calls N --interval S --aht S --agents N --target S [--patience S] [--json]</c>.</summary>
public static class ErlangCommand
{
    public static Command Create(CliConsole console)
    {
        var erlang = new Command("erlang", "Queue figures for one interval: Erlang C, or Erlang A with impatient callers");
        erlang.Subcommands.Add(CreateModel(console, patience: false));
        erlang.Subcommands.Add(CreateModel(console, patience: true));
        return erlang;
    }

    private static Command CreateModel(CliConsole console, bool patience)
    {
        var calls = NumberOption("--calls", "Contacts in the interval (may be fractional)", required: true);
        var interval = NumberOption("--interval", "Interval length in seconds", required: true);
        var aht = NumberOption("--aht", "Average handle time in seconds", required: true);
        var agents = new Option<int>("--agents") { Description = "Agents on the queue", Required = true };
        var target = NumberOption("--target", "Service-level threshold in seconds", required: true);
        var patienceOption = NumberOption("--patience", "Mean patience in seconds (exponential)", required: true);
        var json = CommonOptions.Json();
        var command = patience
            ? new Command("a", "Erlang A (M/M/N+M): callers abandon after an exponential patience") { calls, interval, aht, agents, target, patienceOption, json }
            : new Command("c", "Erlang C (M/M/N)") { calls, interval, aht, agents, target, json };

        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var input = new ErlangInput(Number(parse, calls), Number(parse, interval), Number(parse, aht), parse.GetValue(agents),
                Number(parse, target), patience ? Number(parse, patienceOption) : null);
            var errors = new List<FieldError>();
            if (patience)
            {
                var r = Calculations.ErlangA(input, errors);
                ThrowUsage(errors);
                if (parse.GetValue(json))
                {
                    await CliOutput.WriteJsonAsync(console.Out, r!);
                }
                else
                {
                    await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"Erlang A: traffic {r!.TrafficErlangs:0.###} erlangs, P(wait) {Percent(r.ProbWait)}, P(abandon) {Percent(r.ProbAbandon)}, " +
                        $"service level {Percent(r.ServiceLevel)} within {input.Target} s, ASA {Seconds(r.AsaSeconds)}, occupancy {Percent(r.Occupancy)}"));
                }
            }
            else
            {
                var r = Calculations.ErlangC(input, errors);
                ThrowUsage(errors);
                if (parse.GetValue(json))
                {
                    await CliOutput.WriteJsonAsync(console.Out, r!);
                }
                else
                {
                    await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"Erlang C: traffic {r!.TrafficErlangs:0.###} erlangs, P(wait) {Percent(r.ProbWait)}, " +
                        $"service level {Percent(r.ServiceLevel)} within {input.Target} s, ASA {Seconds(r.AsaSeconds)}, occupancy {Percent(r.Occupancy)}"));
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
