using CertDesk.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Accounts;

/// <summary>Creating accounts and API tokens (the <c>users add</c> and <c>tokens create</c> commands and the admin pages).</summary>
public sealed class AccountService(CertDeskDbContext db, UserManager<AppUser> users, RoleManager<IdentityRole> roles, TimeProvider clock)
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

    /// <summary>Creates the account (linked to the employee with the same e-mail, if any); returns errors or none.</summary>
    public async Task<IReadOnlyList<string>> AddUserAsync(string email, string role, string password, CancellationToken ct)
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
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return created.Errors.Select(e => $"--password: {e.Description}").ToList();
        }
        await users.AddToRoleAsync(user, normalizedRole);
        return [];
    }

    /// <summary>Issues a token for the account; the secret is returned once and only its hash is kept.</summary>
    public async Task<(string? Token, string? Error)> CreateTokenAsync(string email, string name, TimeSpan? lifetime, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            return (null, $"--email: no account for '{email}'");
        }
        var secret = ApiToken.NewSecret();
        var now = clock.GetUtcNow();
        db.ApiTokens.Add(new ApiToken
        {
            UserId = user.Id,
            TokenHash = ApiToken.Hash(secret),
            Name = name,
            CreatedAt = now,
            ExpiresAt = lifetime is { } l ? now + l : null,
        });
        await db.SaveChangesAsync(ct);
        return (secret, null);
    }
}
