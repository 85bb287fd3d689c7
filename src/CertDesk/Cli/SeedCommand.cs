using System.CommandLine;
using CertDesk.Features.Organization;

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
            var seeded = await services.GetRequiredService<DemoOrganization>().SeedAsync(token);
            await services.GetRequiredService<Features.Gaps.DemoAssessments>().SeedAsync(token);
            await services.GetRequiredService<Features.Dashboards.DemoFollowThrough>().SeedAsync(token);
            await console.Out.WriteLineAsync(seeded ? "Seeded the demo organization." : "The demo organization is already seeded.");
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
