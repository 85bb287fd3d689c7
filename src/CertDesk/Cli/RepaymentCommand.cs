using System.CommandLine;
using CertDesk.Domain;
using CertDesk.Features.Calculations;
using static CertDesk.Cli.CalculationCommands;

namespace CertDesk.Cli;

/// <summary><c>repayment --policy FILE --funded AMOUNT --start DATE --separated DATE --reason R [--json]</c>.</summary>
public static class RepaymentCommand
{
    public static Command Create(CliConsole console)
    {
        var policy = new Option<FileInfo>("--policy") { Description = "The repayment policy (JSON)", Required = true };
        var funded = NumberOption("--funded", "Amount the employer funded", required: true);
        var start = new Option<string>("--start") { Description = "Commitment start date (yyyy-mm-dd)", Required = true };
        var separated = new Option<string>("--separated") { Description = "Separation date (yyyy-mm-dd)", Required = true };
        var reason = new Option<string>("--reason") { Description = Domain.Repayment.RepaymentPolicy.ReasonNames, Required = true };
        var json = CommonOptions.Json();
        var command = new Command("repayment", "What an employee owes on separation under a policy") { policy, funded, start, separated, reason, json };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var amount = Number(parse, funded);
            var startDate = Date(parse, start);
            var separatedDate = Date(parse, separated);
            var file = parse.GetValue(policy)!;

            var input = await JsonInput.ReadAsync<RepaymentPolicyInput>(file, ct);
            var errors = new List<FieldError>();
            var rules = Calculations.Policy(input, errors);
            var triggering = Calculations.TriggeringReasons(input, errors);
            JsonInput.ThrowInvalid(file, errors);

            var r = Calculations.Repayment(rules!, triggering, amount, startDate, separatedDate, parse.GetValue(reason), errors);
            ThrowUsage(errors);
            if (parse.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(console.Out, r!);
            }
            else
            {
                await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Owed {r!.Owed:0.00} ({r.Percent:0.##} %): {r.MonthsServed} of {r.CommitmentMonths} months served; rule: {r.Rule}"));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static DateOnly Date(ParseResult parse, Option<string> option)
    {
        var text = parse.GetValue(option)!;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new UsageException($"{option.Name}: '{text}' is not a date (yyyy-mm-dd)");
        }
        return date;
    }
}
