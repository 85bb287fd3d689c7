using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Accounts;

/// <summary>
/// Ending and restoring access. Every way out (disable, separation, sign-out, password change) changes the account's
/// security stamp, which every node compares on each request (<see cref="SessionValidation"/>), and revokes its tokens
/// where the account itself ends.
/// </summary>
public sealed class AccountLifecycle(CertDeskDbContext db, UserManager<AppUser> users, TimeProvider clock)
{
    /// <summary>
    /// A separation: the employee's account (if any) is disabled from <paramref name="effectiveDate"/>; when that day has
    /// come, its sessions and tokens end at once. Idempotent; saves.
    /// </summary>
    public async Task EndAccessAsync(Employee employee, DateOnly effectiveDate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(employee);
        var accounts = await db.Users.Where(u => u.EmployeeId == employee.Id).ToListAsync(ct);
        foreach (var user in accounts)
        {
            user.DisabledFrom = effectiveDate;
            await EndSessionsAndTokensIfDisabledAsync(user, ct);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Disables the account now: sessions and tokens end on every node. Saves.</summary>
    public async Task DisableAsync(AppUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.DisabledAt ??= clock.GetUtcNow();
        await EndSessionsAndTokensIfDisabledAsync(user, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Re-enables the account (and lifts a lockout). Revoked tokens stay revoked. Saves.</summary>
    public async Task EnableAsync(AppUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.DisabledAt = null;
        user.DisabledFrom = null;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Ends every session of the account on every node (sign-out, password change, role change). Saves.</summary>
    public async Task EndSessionsAsync(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        await users.UpdateSecurityStampAsync(user);
    }

    private async Task EndSessionsAndTokensIfDisabledAsync(AppUser user, CancellationToken ct)
    {
        if (!user.IsDisabled(clock.GetUtcNow()))
        {
            return;
        }
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        var now = clock.GetUtcNow();
        foreach (var token in await db.ApiTokens.Where(t => t.UserId == user.Id && !t.Revoked).ToListAsync(ct))
        {
            token.Revoked = true;
            token.RevokedAt = now;
        }
    }
}

/// <summary>After any separation (roster import, page, API): accounts of separated people end on the separation date.</summary>
public sealed class SeparatedAccounts(CertDeskDbContext db, AccountLifecycle lifecycle) : ISeparationListener
{
    public async Task<int> OnSeparationsAsync(CancellationToken ct)
    {
        var pending = await db.Users
            .Where(u => u.EmployeeId != null && u.DisabledFrom == null)
            .Join(db.Employees.Where(e => e.Status == EmploymentStatus.Separated && e.SeparationDate != null), u => u.EmployeeId, e => e.Id, (u, e) => e)
            .Distinct()
            .ToListAsync(ct);
        foreach (var employee in pending)
        {
            await lifecycle.EndAccessAsync(employee, employee.SeparationDate!.Value, ct);
        }
        return pending.Count;
    }
}
