using System.CommandLine;

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
            BackupSummary summary;
            await using (var stream = File.Create(temp))
            {
                summary = await services.GetRequiredService<DatabaseBackup>().WriteAsync(stream, token);
            }
            File.Move(temp, path.FullName, overwrite: true);
            await console.Out.WriteLineAsync($"Backed up {summary.Rows} rows in {summary.Tables} tables to {path.FullName}, sealed with key {summary.KeyId}");
            await console.Out.WriteLineAsync($"Restoring it needs that key ({services.GetRequiredService<SealingKeys>().Source}): keep a copy of the key file apart from the backup.");
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
                BackupSummary summary;
                try
                {
                    await using var stream = path.OpenRead();
                    summary = await services.GetRequiredService<DatabaseBackup>().RestoreAsync(stream, token);
                }
                catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
                {
                    throw new InvalidInputException($"{path.Name}: {e.Message}; the database was not changed");
                }
                await console.Out.WriteLineAsync($"Restored {summary.Rows} rows in {summary.Tables} tables from {path.Name} (sealed with key {summary.KeyId})");
                await console.Out.WriteLineAsync("Sign-in keys stay with each server and are not in backups: on a new server everyone signs in again. " +
                    $"Keep the key ring ({services.GetRequiredService<SealingKeys>().Source}) on this server: the audit trail, agreements and backups verify with it.");
                return ExitCodes.Success;
            }, ct);
        });
        return command;
    }
}
