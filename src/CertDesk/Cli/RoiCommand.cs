using System.CommandLine;
using CertDesk.Domain;
using CertDesk.Features.Calculations;

namespace CertDesk.Cli;

/// <summary><c>roi --input FILE [--json]</c>: a Phillips ROI calculation from a JSON study.</summary>
public static class RoiCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Option<FileInfo>("--input") { Description = "The study: costs, benefits, years (JSON)", Required = true };
        var json = CommonOptions.Json();
        var command = new Command("roi", "Phillips ROI %, benefit-cost ratio and payback of a study") { input, json };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var file = parse.GetValue(input)!;
            var study = await JsonInput.ReadAsync<RoiInput>(file, ct);
            var errors = new List<FieldError>();
            var r = Calculations.Roi(study, errors);
            JsonInput.ThrowInvalid(file, errors);
            if (parse.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(console.Out, r!);
            }
            else
            {
                await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Cost {r!.TotalCost:0.00}, benefit {r.TotalBenefit:0.00}, net {r.NetBenefit:0.00}; ROI {Show(r.RoiPercent, " %")}, " +
                    $"BCR {Show(r.Bcr, "")}, payback {Show(r.PaybackMonths, " months")}"));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Show(decimal? value, string unit) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) + unit : "n/a";
}
