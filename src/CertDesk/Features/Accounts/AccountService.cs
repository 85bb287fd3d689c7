using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Accounts;

/// <summary>Creating accounts and API tokens (the <c>users add</c> and <c>tokens create</c> commands and the admin pages).</summary>
public sealed class AccountService(CertDeskDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole> roles, TimeProvider clock, Microsoft.Extensions.Options.IOptions<AccountOptions> options)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All.Concat(Roles.Systems))
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    /// <summary>
    /// Creates the account (linked to the employee with the same e-mail, if any); returns errors or none. Without a
    /// password the account is invited: it signs in once a password is set through the mailed link.
    /// </summary>
    public async Task<IReadOnlyList<string>> AddUserAsync(string email, string role, string? password, CancellationToken ct)
    {
        var normalizedRole = Roles.Normalize(role);
        if (normalizedRole is null)
        {
            return [$"--role: '{role}' is not one of {string.Join(", ", Roles.All)}"];
        }
        await EnsureRolesAsync();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return [$"--email: an account for '{email}' already exists"];
        }
        var employee = await db.Employees.AsNoTracking().Where(e => e.Email == email).Select(e => new { e.Id, e.FirstName, e.LastName }).FirstOrDefaultAsync(ct);
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            EmployeeId = employee?.Id,
            DisplayName = employee is null ? email : $"{employee.FirstName} {employee.LastName}",
        };
        var created = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return created.Errors.Select(e => $"--password: {e.Description}").ToList();
        }
        await users.AddToRoleAsync(user, normalizedRole);
        return [];
    }

    /// <summary>
    /// An identity provider's account for SCIM provisioning (<see cref="Roles.Directory"/>) and its first token. The
    /// account has no password and an address under <c>.invalid</c> (RFC 2606), so nobody signs in with it and no mail
    /// reaches it; it is known by its name ("Entra ID"). Returns the account's address and the token, or an error.
    /// </summary>
    public async Task<(string? Email, string? Token, string? Error)> AddDirectoryAsync(string name, TimeSpan? lifetime, CancellationToken ct)
    {
        var slug = new string([.. name.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }
        if (slug.Length is 0 or > 60)
        {
            return (null, null, "--name: give the directory a name of 1 to 60 letters or digits, e.g. \"Entra ID\"");
        }
        var email = $"{slug}@scim.directory.invalid";
        await EnsureRolesAsync();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return (null, null, $"--name: a directory '{name.Trim()}' already exists ({email}); issue it another token with tokens create --email {email}");
        }
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name.Trim() };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            return (null, null, string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        await users.AddToRoleAsync(user, Roles.Directory);
        var (token, error) = await CreateTokenAsync(email, $"SCIM {name.Trim()}", lifetime, ct);
        return (email, token, error);
    }

    /// <summary>
    /// Issues a token for the account; the secret is returned once and only its hash is kept. Every token expires: after
    /// <see cref="AccountOptions.TokenDefaultDays"/> unless a lifetime is given, at most <see cref="AccountOptions.TokenMaxDays"/>.
    /// </summary>
    public async Task<(string? Token, string? Error)> CreateTokenAsync(string email, string name, TimeSpan? lifetime, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            return (null, $"--email: no account for '{email}'");
        }
        var max = TimeSpan.FromDays(options.Value.TokenMaxDays);
        if (lifetime > max)
        {
            return (null, $"--days: at most {options.Value.TokenMaxDays} (the configured maximum, Accounts:TokenMaxDays)");
        }
        if (user.IsDisabled(clock.GetUtcNow()))
        {
            return (null, $"--email: the account '{email}' is disabled");
        }
        var secret = ApiToken.NewSecret();
        var now = clock.GetUtcNow();
        db.ApiTokens.Add(new ApiToken
        {
            UserId = user.Id,
            TokenHash = ApiToken.Hash(secret),
            Name = name,
            CreatedAt = now,
            ExpiresAt = now + (lifetime ?? TimeSpan.FromDays(options.Value.TokenDefaultDays)),
        });
        await db.SaveChangesAsync(ct);
        return (secret, null);
    }
}
