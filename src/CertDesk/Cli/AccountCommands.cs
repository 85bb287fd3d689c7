using System.CommandLine;

namespace CertDesk.Cli;

/// <summary>
/// <c>users add|list|disable|enable|set-role|reset-password</c> and <c>tokens create|list|revoke</c>. The command line
/// acts as an administrator (whoever runs it can reach the database anyway); the rules are those of the Users page.
/// </summary>
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
        return new Command("users", "Sign-in accounts") { add, UsersList(console), UserAction(console, "disable", "Disable the account: its sessions and tokens end at once", (a, e, _, ct) => a.DisableAsync(Administrator, e, ct)), UserAction(console, "enable", "Enable a disabled or locked account again", (a, e, _, ct) => a.EnableAsync(Administrator, e, ct)), SetRole(console), ResetPassword(console) };
    }

    public static Command CreateTokens(CliConsole console)
    {
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var email = new Option<string>("--email") { Required = true, Description = "The account the token acts as" };
        var name = new Option<string>("--name") { Description = "What the token is for", DefaultValueFactory = _ => "cli" };
        var days = new Option<int?>("--days") { Description = "Lifetime in days (default: Accounts:TokenDefaultDays, 90; at most Accounts:TokenMaxDays, 365)" };
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
        return new Command("tokens", "API tokens") { create, TokensList(console), TokensRevoke(console) };
    }

    /// <summary>
    /// <c>directories add --name "Entra ID"</c>: the account an identity provider provisions the roster with over SCIM,
    /// and its bearer token (printed once). One account per directory, so each can be revoked or rotated alone
    /// (<c>tokens create|list|revoke --email</c> with the address printed here).
    /// </summary>
    public static Command CreateDirectories(CliConsole console)
    {
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var name = new Option<string>("--name") { Required = true, Description = "The directory's name, e.g. \"Entra ID\" or \"Okta\"" };
        var days = new Option<int?>("--days") { Description = "The token's lifetime in days (default: Accounts:TokenDefaultDays, 90; at most Accounts:TokenMaxDays, 365)" };
        var add = new Command("add", "Create a directory's SCIM account and bearer token (shown once; only its hash is stored)") { name, days, database, json };
        add.SetAction((parse, ct) => CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
        {
            var lifetime = parse.GetValue(days) is { } d ? (d > 0 ? TimeSpan.FromDays(d) : throw new UsageException("--days must be positive")) : (TimeSpan?)null;
            var (email, secret, error) = await services.GetRequiredService<AccountService>().AddDirectoryAsync(parse.GetValue(name)!, lifetime, token);
            if (error is not null)
            {
                throw new InvalidInputException([error]);
            }
            if (parse.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(console.Out, new { account = email, token = secret });
            }
            else
            {
                await console.Out.WriteLineAsync($"Directory account {email}; its SCIM bearer token (shown once):");
                await console.Out.WriteLineAsync(secret);
            }
            return ExitCodes.Success;
        }, ct));
        return new Command("directories", "Identity providers that provision the roster over SCIM (/scim/v2)") { add };
    }

    /// <summary>
    /// <c>wfm-feeds add --site NAME</c>: the account a WFM tool polls one site's schedule exceptions with, its bearer token
    /// (printed once) and the feed's path. One account per site, revoked or rotated alone (<c>tokens create|list|revoke
    /// --email</c> with the address printed here).
    /// </summary>
    public static Command CreateWfmFeeds(CliConsole console)
    {
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var site = new Option<string>("--site") { Required = true, Description = "The site (its name or id) whose people's training sessions the feed gives" };
        var days = new Option<int?>("--days") { Description = "The token's lifetime in days (default: Accounts:TokenDefaultDays, 90; at most Accounts:TokenMaxDays, 365)" };
        var add = new Command("add", "Create a site's WFM feed account and bearer token (shown once; only its hash is stored)") { site, days, database, json };
        add.SetAction((parse, ct) => CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
        {
            var lifetime = parse.GetValue(days) is { } d ? (d > 0 ? TimeSpan.FromDays(d) : throw new UsageException("--days must be positive")) : (TimeSpan?)null;
            var (siteId, siteError) = await services.GetRequiredService<Features.Scheduling.SessionExceptions>().SiteAsync(parse.GetValue(site)!, token);
            if (siteId is null)
            {
                throw new InvalidInputException($"--site: {siteError}");
            }
            var outcome = await services.GetRequiredService<Features.Scheduling.WfmFeeds>().AddAsync(siteId.Value, lifetime, token);
            if (!outcome.IsOk)
            {
                throw new InvalidInputException(outcome.Kind == OutcomeKind.Invalid ? $"--days: {outcome.FirstError}" : $"--site: {outcome.FirstError}");
            }
            var added = outcome.Value!;
            if (parse.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(console.Out, new { account = added.Account, token = added.Token, site = added.Site, feed = added.FeedPath });
            }
            else
            {
                await console.Out.WriteLineAsync($"WFM feed account {added.Account} for {added.Site}; the feed is GET {added.FeedPath} with this bearer token (shown once):");
                await console.Out.WriteLineAsync(added.Token);
            }
            return ExitCodes.Success;
        }, ct));
        return new Command("wfm-feeds", "WFM tools that poll a site's training sessions as schedule exceptions") { add };
    }

    /// <summary>Who the command line acts as.</summary>
    private static readonly Caller Administrator = new("cli", "cli", "Command line", new HashSet<string>(StringComparer.Ordinal) { Roles.Admin }, null);

    private static Command UsersList(CliConsole console)
    {
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var list = new Command("list", "List accounts: role, status, last sign-in") { database, json };
        list.SetAction((parse, ct) => CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
        {
            var rows = (await services.GetRequiredService<UserAdministration>().ListAsync(Administrator, token)).Value!;
            if (parse.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(console.Out, rows.Select(r => new { email = r.Email, name = r.Name, role = r.Role, status = r.Status, last_sign_in_at = r.LastSignInAt, disabled_from = r.DisabledFrom }));
            }
            else
            {
                foreach (var r in rows)
                {
                    await console.Out.WriteLineAsync(FormattableString.Invariant($"{r.Email}\t{r.Role}\t{r.Status}\t{(r.LastSignInAt is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "never signed in")}"));
                }
            }
            return ExitCodes.Success;
        }, ct));
        return list;
    }

    private static Command UserAction(CliConsole console, string name, string description, Func<UserAdministration, string, string?, CancellationToken, Task<Outcome<UserRow>>> act)
    {
        var database = CommonOptions.Database();
        var email = new Option<string>("--email") { Required = true, Description = "The account's e-mail" };
        var command = new Command(name, description) { email, database };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
        {
            var row = Done(await act(services.GetRequiredService<UserAdministration>(), parse.GetValue(email)!, null, token), parse.GetValue(email)!);
            await console.Out.WriteLineAsync($"{row.Email}: {row.Role}, {row.Status}");
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command SetRole(CliConsole console)
    {
        var database = CommonOptions.Database();
        var email = new Option<string>("--email") { Required = true, Description = "The account's e-mail" };
        var role = new Option<string>("--role") { Required = true, Description = string.Join(" | ", Roles.All) };
        var command = new Command("set-role", "Change the account's role (its sessions end; the next sign-in has the new role)") { email, role, database };
        command.SetAction((parse, ct) =>
        {
            if (Roles.Normalize(parse.GetValue(role)) is null)
            {
                throw new UsageException($"--role: '{parse.GetValue(role)}' is not one of {string.Join(", ", Roles.All)}");
            }
            return CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
            {
                var row = Done(await services.GetRequiredService<UserAdministration>().SetRoleAsync(Administrator, parse.GetValue(email)!, parse.GetValue(role), token), parse.GetValue(email)!);
                await console.Out.WriteLineAsync($"{row.Email}: {row.Role}, {row.Status}");
                return ExitCodes.Success;
            }, ct);
        });
        return command;
    }

    private static Command ResetPassword(CliConsole console)
    {
        var database = CommonOptions.Database();
        var email = new Option<string>("--email") { Required = true, Description = "The account's e-mail" };
        var password = new Option<string?>("--password") { Description = "The new password (default: read CERTDESK_PASSWORD, else one is generated and printed)" };
        var link = new Option<bool>("--send-link") { Description = "Mail a one-time link to choose a new password instead" };
        var command = new Command("reset-password", "Reset the account's password; every session ends") { email, password, link, database };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
        {
            var given = parse.GetValue(password) ?? Environment.GetEnvironmentVariable("CERTDESK_PASSWORD");
            var secret = parse.GetValue(link) ? null : given ?? GeneratePassword();
            var row = Done(await services.GetRequiredService<UserAdministration>().ResetPasswordAsync(Administrator, parse.GetValue(email)!, secret, token), parse.GetValue(email)!);
            await console.Out.WriteLineAsync(secret is null ? $"{row.Email}: a link to choose a new password is queued for mailing"
                : $"{row.Email}: password reset" + (given is null ? $" to {secret}" : ""));
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static Command TokensList(CliConsole console)
    {
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var email = new Option<string?>("--email") { Description = "Only this account's tokens (default: every account's)" };
        var list = new Command("list", "List API tokens: name, owner, expiry, last use (never the secret)") { email, database, json };
        list.SetAction((parse, ct) => CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
        {
            var admin = services.GetRequiredService<UserAdministration>();
            var emails = parse.GetValue(email) is { } one ? [one] : (await admin.ListAsync(Administrator, token)).Value!.Select(u => u.Email).ToList();
            var rows = new List<TokenRow>();
            foreach (var owner in emails)
            {
                rows.AddRange(Done(await admin.TokensAsync(Administrator, owner, token), owner));
            }
            if (parse.GetValue(json))
            {
                await CliOutput.WriteJsonAsync(console.Out, rows.Select(TokenJson));
            }
            else
            {
                foreach (var t in rows)
                {
                    await console.Out.WriteLineAsync(FormattableString.Invariant($"{t.Id}\t{t.Email}\t{t.Name}\t{t.Status}\texpires {t.ExpiresAt?.UtcDateTime:yyyy-MM-dd}\tlast used {(t.LastUsedAt is { } u ? u.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "never")}"));
                }
            }
            return ExitCodes.Success;
        }, ct));
        return list;
    }

    private static Command TokensRevoke(CliConsole console)
    {
        var database = CommonOptions.Database();
        var id = new Option<Guid>("--id") { Required = true, Description = "The token's id (from tokens list)" };
        var revoke = new Command("revoke", "Revoke a token: 401 from its next request, on every node") { id, database };
        revoke.SetAction((parse, ct) => CliHost.RunAsync(parse.GetValue(database), async (services, token) =>
        {
            var row = Done(await services.GetRequiredService<UserAdministration>().RevokeTokenAsync(Administrator, parse.GetValue(id), token), parse.GetValue(id).ToString());
            await console.Out.WriteLineAsync($"{row.Id} ({row.Email}, {row.Name}): revoked");
            return ExitCodes.Success;
        }, ct));
        return revoke;
    }

    /// <summary>The JSON shape of a token in <c>tokens list --json</c> and the API.</summary>
    public static object TokenJson(TokenRow t) => new { id = t.Id, email = t.Email, name = t.Name, created_at = t.CreatedAt, expires_at = t.ExpiresAt, last_used_at = t.LastUsedAt, status = t.Status };

    private static T Done<T>(Outcome<T> outcome, string what) => outcome.Kind switch
    {
        OutcomeKind.Ok => outcome.Value!,
        OutcomeKind.NotFound => throw new InvalidInputException($"no account or token '{what}'"),
        _ => throw new InvalidInputException(outcome.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}").DefaultIfEmpty(outcome.Kind.ToString()).ToList()),
    };

    private static string GeneratePassword() =>
        "Cd-" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)).Replace('/', 'x').Replace('+', 'y') + "7a";
}
