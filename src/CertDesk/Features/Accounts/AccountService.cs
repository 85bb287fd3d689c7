using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Accounts;

/// <summary>Creating accounts and API tokens (the <c>users add</c> and <c>tokens create</c> commands and the admin pages).</summary>
public sealed class AccountService(CertDeskDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole> roles, TimeProvider clock, Microsoft.Extensions.Options.IOptions<AccountOptions> options)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
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
