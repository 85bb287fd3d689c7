using System.CommandLine;
using CertDesk.Features.Audit;

namespace CertDesk.Cli;

/// <summary>
/// <c>audit verify [--json]</c> (the chain, every seal, and the last checkpoint; exit 1 when broken),
/// <c>audit checkpoint</c> (append the head to the checkpoint file and mail it now), and
/// <c>keys rotate [--key-file FILE]</c> (a new current sealing key; old seals still verify).
/// </summary>
public static class AuditCommands
{
    public static Command CreateAudit(CliConsole console)
    {
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var verify = new Command("verify", "Check the audit chain, each entry's seal and the last checkpoint (exit 1 when broken)") { json, database };
        verify.SetAction((parse, ct) => CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
        {
            var result = await services.GetRequiredService<AuditCheckpoints>().VerifyAsync(token);
            if (parse.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(console.Out, result);
            }
            else if (result.Intact)
            {
                await console.Out.WriteLineAsync($"intact: {result.EntriesChecked} entries, every seal holds" + (result.CheckpointSequence is { } at
                    ? $", entry {at} as checkpointed at {result.CheckpointAt!.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC"
                    : "; no checkpoint yet ('certdesk audit checkpoint')"));
            }
            else
            {
                await console.Out.WriteLineAsync("BROKEN");
                await console.Error.WriteLineAsync($"error: audit trail: {result.Problem}");
            }
            return result.Intact ? ExitCodes.Success : ExitCodes.Failure;
        }, ct));

        var checkpoint = new Command("checkpoint", "Append the audit chain's head to the checkpoint file and mail it to the program owners") { database };
        checkpoint.SetAction((parse, ct) => CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
        {
            var checkpoints = services.GetRequiredService<AuditCheckpoints>();
            var written = await checkpoints.WriteAsync(token);
            await console.Out.WriteLineAsync(written is null
                ? "nothing new since the last checkpoint"
                : $"checkpoint: entry {written.Sequence} ({written.Hash}) appended to {checkpoints.FilePath} and mailed");
            return ExitCodes.Success;
        }, ct));
        return new Command("audit", "The audit trail's integrity") { verify, checkpoint };
    }

    public static Command CreateKeys(CliConsole console)
    {
        var file = new Option<FileInfo>("--key-file") { Description = $"The key file (default: {SealingKeys.FileVariable}, else {SealingKeys.DefaultFile})" };
        var rotate = new Command("rotate", "Add a new current sealing key; seals made with older keys still verify") { file };
        rotate.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)?.FullName
                ?? (Environment.GetEnvironmentVariable(SealingKeys.FileVariable) is { Length: > 0 } variable ? variable : SealingKeys.DefaultFile);
            var id = SealingKeys.Rotate(path);
            await console.Out.WriteLineAsync($"new current key {id} in {Path.GetFullPath(path)}; copy the file to every node and keep a copy apart from the backups");
            return ExitCodes.Success;
        });
        return new Command("keys", "The sealing keys kept outside the database") { rotate };
    }
}
