using System.CommandLine;

namespace CertDesk.Cli;

/// <summary>The <c>certdesk</c> command: one root, one file per command group.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;

        // WebApplicationFactory (tests) starts the entry point with only "--key=value" host settings.
        if (args.Length > 0 && args.All(IsHostSetting))
        {
            await ServeCommand.RunWebAsync(args, demo: false, CancellationToken.None);
            return ExitCodes.Success;
        }

        var root = BuildRoot(stdout, stderr);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"error: {error.Message}");
            }
            await stderr.WriteLineAsync("Run 'certdesk --help' for usage.");
            return ExitCodes.BadUsage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (InvalidInputException e)
        {
            foreach (var line in e.Errors)
            {
                await stderr.WriteLineAsync($"error: {line}");
            }
            return ExitCodes.InvalidInput;
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.BadUsage;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("error: cancelled");
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    private static bool IsHostSetting(string arg) => arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal);

    private static RootCommand BuildRoot(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("CertDesk: run a contact center's certification program end to end.");
        var console = new CliConsole(stdout, stderr);
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(SeedCommand.Create(console));
        root.Subcommands.Add(ReminderCommands.Create(console));
        root.Subcommands.Add(ImportCommand.Create(console));
        root.Subcommands.Add(ExportCommand.Create(console));
        root.Subcommands.Add(AgreementCommands.Create(console));
        root.Subcommands.Add(BackupCommands.CreateBackup(console));
        root.Subcommands.Add(BackupCommands.CreateRestore(console));
        root.Subcommands.Add(AuditCommands.CreateAudit(console));
        root.Subcommands.Add(AuditCommands.CreateKeys(console));
        root.Subcommands.Add(AccountCommands.CreateUsers(console));
        root.Subcommands.Add(AccountCommands.CreateTokens(console));
        root.Subcommands.Add(AccountCommands.CreateDirectories(console));
        root.Subcommands.Add(AccountCommands.CreateWfmFeeds(console));
        CalculationCommands.AddTo(root, console);
        root.Subcommands.Add(GapsCommands.CreatePlan(console));
        root.Subcommands.Add(GapsCommands.CreateRecommend(console));
        root.Subcommands.Add(KpiCommand.Create(console));
        root.Subcommands.Add(ForecastCommand.Create(console));
        root.Subcommands.Add(ProofCommand.Create(console));
        return root;
    }
}

/// <summary>Where a command writes: the real console, or a test's writers.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error);
