using System.CommandLine;
using CertDesk.Data;

namespace CertDesk.Cli;

/// <summary><c>backup --out FILE</c> and <c>restore --from FILE</c>.</summary>
public static class BackupCommands
{
    public static Command CreateBackup(CliConsole console)
    {
        var database = CommonOptions.Database();
        var output = new Option<FileInfo>("--out") { Required = true, Description = "The backup file to write (.zip)" };
        var command = new Command("backup", "A consistent copy of the whole database") { output, database };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
        {
            var path = parse.GetValue(output)!;
            var temp = path.FullName + ".tmp";
            IReadOnlyDictionary<string, int> rows;
            await using (var stream = File.Create(temp))
            {
                rows = await services.GetRequiredService<DatabaseBackup>().WriteAsync(stream, token);
            }
            File.Move(temp, path.FullName, overwrite: true);
            await console.Out.WriteLineAsync($"Backed up {rows.Values.Sum()} rows in {rows.Count} tables to {path.FullName}");
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    public static Command CreateRestore(CliConsole console)
    {
        var database = CommonOptions.Database();
        var input = new Option<FileInfo>("--from") { Required = true, Description = "A file written by 'certdesk backup'" };
        var command = new Command("restore", "Replace the whole database with a backup (all or nothing)") { input, database };
        command.SetAction((parse, ct) =>
        {
            var path = parse.GetValue(input)!;
            if (!path.Exists)
            {
                throw new InvalidInputException($"{path.Name}: file not found");
            }
            return CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
            {
                IReadOnlyDictionary<string, int> rows;
                try
                {
                    await using var stream = path.OpenRead();
                    rows = await services.GetRequiredService<DatabaseBackup>().RestoreAsync(stream, token);
                }
                catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
                {
                    throw new InvalidInputException($"{path.Name}: {e.Message}");
                }
                await console.Out.WriteLineAsync($"Restored {rows.Values.Sum()} rows in {rows.Count} tables from {path.Name}");
                return ExitCodes.Success;
            }, ct);
        });
        return command;
    }
}
