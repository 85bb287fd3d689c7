using System.CommandLine;
using CertDesk.Features.Accounts;

namespace CertDesk.Cli;

/// <summary><c>users add --email E --role R</c> and <c>tokens create --email E</c>.</summary>
public static class AccountCommands
{
    public static Command CreateUsers(CliConsole console)
    {
        var database = CommonOptions.Database();
        var email = new Option<string>("--email") { Required = true, Description = "The account's e-mail (linked to the employee with that e-mail, if any)" };
        var role = new Option<string>("--role") { Required = true, Description = string.Join(" | ", Roles.All) };
        var password = new Option<string?>("--password") { Description = "Initial password (default: read CERTDESK_PASSWORD, else one is generated and printed)" };
        var add = new Command("add", "Create a sign-in account") { email, role, password, database };
        add.SetAction((parse, ct) =>
        {
            // A malformed argument is bad usage (exit 2), found before touching the database.
            if (Roles.Normalize(parse.GetValue(role)) is null)
            {
                throw new UsageException($"--role: '{parse.GetValue(role)}' is not one of {string.Join(", ", Roles.All)}");
            }
            return CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
            {
                var given = parse.GetValue(password) ?? Environment.GetEnvironmentVariable("CERTDESK_PASSWORD");
                var secret = given ?? GeneratePassword();
                var errors = await services.GetRequiredService<AccountService>().AddUserAsync(parse.GetValue(email)!, parse.GetValue(role)!, secret, token);
                if (errors.Count > 0)
                {
                    throw new InvalidInputException(errors);
                }
                await console.Out.WriteLineAsync($"Created {parse.GetValue(email)} ({Roles.Normalize(parse.GetValue(role))})" + (given is null ? $" with password {secret}" : ""));
                return ExitCodes.Success;
            }, ct);
        });
        return new Command("users", "Sign-in accounts") { add };
    }

    public static Command CreateTokens(CliConsole console)
    {
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var email = new Option<string>("--email") { Required = true, Description = "The account the token acts as" };
        var name = new Option<string>("--name") { Description = "What the token is for", DefaultValueFactory = _ => "cli" };
        var days = new Option<int?>("--days") { Description = "Lifetime in days (default: no expiry)" };
        var create = new Command("create", "Create an API bearer token (shown once; only its hash is stored)") { email, name, days, database, json };
        create.SetAction((parse, ct) => CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
        {
            var lifetime = parse.GetValue(days) is { } d ? (d > 0 ? TimeSpan.FromDays(d) : throw new UsageException("--days must be positive")) : (TimeSpan?)null;
            var (secret, error) = await services.GetRequiredService<AccountService>().CreateTokenAsync(parse.GetValue(email)!, parse.GetValue(name)!, lifetime, token);
            if (error is not null)
            {
                throw new InvalidInputException(error);
            }
            if (parse.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(console.Out, new { token = secret });
            }
            else
            {
                await console.Out.WriteLineAsync(secret);
            }
            return ExitCodes.Success;
        }, ct));
        return new Command("tokens", "API tokens") { create };
    }

    private static string GeneratePassword() =>
        "Cd-" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)).Replace('/', 'x').Replace('+', 'y') + "7a";
}
