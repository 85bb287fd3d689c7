using System.CommandLine;
using CertDesk.Features.Reminders;

namespace CertDesk.Cli;

/// <summary><c>certdesk reminders run [--json]</c>: one reminder pass now, as the web nodes' scheduler runs it (for cron or a node without the web app).</summary>
public static class ReminderCommands
{
    public static Command Create(CliConsole console)
    {
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var run = new Command("run", "Send the reminders due now (each exactly once, even beside running web nodes)") { database, json };
        run.SetAction((parse, ct) => CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
        {
            var result = await services.GetRequiredService<ReminderRun>().RunAsync(services.GetRequiredService<TimeProvider>().GetUtcNow(), token);
            if (parse.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(console.Out, result);
            }
            else
            {
                await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Reminders: {result.Due} due, {result.Claimed} claimed, {result.TakenOver} taken over, {result.Sent} sent, {result.Failed} failed."));
            }
            return result.Failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
        }, ct));
        return new Command("reminders", "Follow-through reminders") { run };
    }
}
