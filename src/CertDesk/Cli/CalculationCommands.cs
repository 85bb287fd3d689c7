using System.CommandLine;
using CertDesk.Domain;

namespace CertDesk.Cli;

/// <summary>The calculation commands of the contract (erlang, staff, roi, repayment): no database.</summary>
public static class CalculationCommands
{
    public static void AddTo(RootCommand root, CliConsole console)
    {
        root.Subcommands.Add(ErlangCommand.Create(console));
        root.Subcommands.Add(StaffCommand.Create(console));
        root.Subcommands.Add(RoiCommand.Create(console));
        root.Subcommands.Add(RepaymentCommand.Create(console));
    }

    /// <summary>A number option read as text and parsed invariantly by <see cref="Number"/> (so "NaN" or "1,5" is bad usage).</summary>
    internal static Option<string> NumberOption(string name, string description, bool required = false) =>
        new(name) { Description = description, Required = required };

    /// <summary>The option's value as a decimal (null when absent); bad text is a usage error (exit 2).</summary>
    internal static decimal? Number(ParseResult parse, Option<string> option)
    {
        var text = parse.GetValue(option);
        if (text is null)
        {
            return null;
        }
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            throw new UsageException($"{option.Name}: '{text}' is not a number");
        }
        return value;
    }

    /// <summary>Argument errors are bad usage (exit 2): one line, the first error, named by its flag.</summary>
    internal static void ThrowUsage(List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            var e = errors[0];
            throw new UsageException($"--{e.Field.Replace('_', '-')}: {e.Message}");
        }
    }

    internal static string Percent(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    internal static string Seconds(double? seconds) => seconds is { } s ? s.ToString("0.##", CultureInfo.InvariantCulture) + " s" : "unbounded (agents <= traffic)";
}
