using System.CommandLine;

namespace CertDesk.Cli;

public static class SeedCommand
{
    public static Command Create(CliConsole console)
    {
        var database = CommonOptions.Database();
        var size = new Option<string>("--size") { Description = "small (the organization) or large (plus a year of KPI facts)", DefaultValueFactory = _ => "small" };
        size.AcceptOnlyFromAmong("small", "large");
        var command = new Command("seed-demo", "Seed the demo organization (deterministic) and its five logins") { database, size };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
        {
            var seeded = await DemoSeed.SeedAsync(services, token);
            await console.Out.WriteLineAsync(seeded ? "Seeded the demo organization." : "The demo organization is already seeded.");
            if (parse.GetValue(size) == "large")
            {
                var progress = new ProgressLine(console.Error, "interval facts");
                var large = await services.GetRequiredService<Features.Proof.DemoKpiData>().SeedAsync(progress, token);
                progress.Done();
                await console.Out.WriteLineAsync(large.Seeded
                    ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"Seeded {large.Facts} interval facts in {large.Elapsed.TotalSeconds:0.0} s ({large.Facts / Math.Max(0.001, large.Elapsed.TotalSeconds):0} rows/s) and the ROI study \"{Features.Proof.DemoKpiData.StudyName}\".")
                    : "The large demo data set is already seeded.");
            }
            PrintLogins(console.Out);
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    public static void PrintLogins(TextWriter output)
    {
        output.WriteLine($"Demo logins (password {DemoOrganization.Password}):");
        foreach (var (email, role, _) in DemoOrganization.Logins)
        {
            output.WriteLine($"  {email,-22} {role}");
        }
    }
}
