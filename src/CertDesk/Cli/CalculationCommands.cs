using System.CommandLine;

namespace CertDesk.Cli;

/// <summary>The calculation commands of the contract (erlang, staff, roi, repayment): no database.</summary>
public static class CalculationCommands
{
    public static void AddTo(RootCommand root, CliConsole console)
    {
        _ = root;
        _ = console;
    }
}
