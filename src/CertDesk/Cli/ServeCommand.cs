using System.CommandLine;

namespace CertDesk.Cli;

public static class ServeCommand
{
    public static Command Create()
    {
        var database = CommonOptions.Database();
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on (default http://127.0.0.1:5080)" };
        var demo = new Option<bool>("--demo") { Description = "On an empty database, seed the demo organization and print the logins" };
        var command = new Command("serve", "Run the web application and API") { database, urls, demo };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var args = new List<string>(parse.UnmatchedTokens);
            if (parse.GetValue(urls) is { } u)
            {
                args.Add($"--urls={u}");
            }
            else if (Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is null && !args.Any(a => a.StartsWith("--urls", StringComparison.Ordinal)))
            {
                args.Add("--urls=http://127.0.0.1:5080");
            }
            if (parse.GetValue(database) is { } db)
            {
                Environment.SetEnvironmentVariable(DatabaseSettings.EnvironmentVariable, db);
            }
            await RunWebAsync([.. args], parse.GetValue(demo), ct);
            return ExitCodes.Success;
        });
        return command;
    }

    public static async Task RunWebAsync(string[] args, bool demo, CancellationToken ct)
    {
        // Migrations (and the demo seed) run in a hosted service before the server listens: see StartupTasks.
        var app = WebApp.Build(args, seedDemo: demo);
        await app.StartAsync(ct);
        if (demo)
        {
            SeedCommand.PrintLogins(Console.Out);
        }
        foreach (var address in app.Urls)
        {
            Console.WriteLine($"CertDesk is running at {address}  (Ctrl+C to stop)");
        }
        await app.WaitForShutdownAsync(ct);
    }
}
