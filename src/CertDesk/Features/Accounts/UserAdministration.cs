using CertDesk.Features.Mail;
using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Accounts;

/// <summary>One account as the Users page, the API and <c>users list</c> show it.</summary>
public sealed record UserRow(string Id, string Email, string Name, string Role, string Status, DateTimeOffset? LastSignInAt, DateOnly? DisabledFrom);

/// <summary>One API token as its owner and administrators see it (never the secret).</summary>
public sealed record TokenRow(Guid Id, string Email, string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, string Status);

/// <summary>
/// Account administration: administrators manage every account, HR (program manager) every account that is not and
/// does not become an administrator. The same rules for the Users page, the API and the CLI (which acts as an administrator).
/// </summary>
public sealed class UserAdministration(
    CertDeskDbContext db, UserManager<AppUser> users, AccountService accounts, AccountLifecycle lifecycle, Outbox outbox,
    CertDesk.Hosting.PublicLinks links, IOptions<AccountOptions> options, TimeProvider clock)
{
    public static readonly IReadOnlyDictionary<string, string> Statuses = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["active"] = "Active",
        ["invited"] = "Invited (no password yet)",
        ["locked"] = "Locked for a few minutes",
        ["disabled"] = "Disabled",
    };

    public static bool MayAdminister(Caller caller) => caller.IsIn(Roles.Admin) || caller.IsIn(Roles.ProgramManager);

    private static bool MayManage(Caller caller, string role) => caller.IsIn(Roles.Admin) || (caller.IsIn(Roles.ProgramManager) && role != Roles.Admin);

    public async Task<Outcome<IReadOnlyList<UserRow>>> ListAsync(Caller caller, CancellationToken ct)
    {
        if (!MayAdminister(caller))
        {
            return Outcome<IReadOnlyList<UserRow>>.Forbidden();
        }
        var now = clock.GetUtcNow();
        var roleOf = await RolesAsync(ct);
        var all = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        return Outcome<IReadOnlyList<UserRow>>.Ok(all.Select(u => Row(u, roleOf.GetValueOrDefault(u.Id, Roles.Employee), now)).ToList());
    }

    public async Task<Outcome<UserRow>> FindAsync(Caller caller, string email, CancellationToken ct)
    {
        var (user, role, denied) = await TargetAsync(caller, email, ct);
        return denied ?? Outcome<UserRow>.Ok(Row(user!, role!, clock.GetUtcNow()));
    }

    /// <summary>Creates an account without a password and mails a one-time link to set one.</summary>
    public async Task<Outcome<UserRow>> InviteAsync(Caller caller, string? email, string? role, CancellationToken ct)
    {
        var normalizedRole = Roles.Normalize(role);
        var errors = new FieldErrors();
        errors.Check(!string.IsNullOrWhiteSpace(email) && new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email), "email", "must be an e-mail address");
        errors.Check(normalizedRole is not null, "role", $"must be one of {string.Join(", ", Roles.All)}");
        if (errors.Count > 0)
        {
            return Outcome<UserRow>.Invalid(errors);
        }
        if (!MayManage(caller, normalizedRole!))
        {
            return Outcome<UserRow>.Forbidden();
        }
        email = email!.Trim();
        var added = await accounts.AddUserAsync(email, normalizedRole!, password: null, ct);
        if (added.Count > 0)
        {
            return Outcome<UserRow>.Invalid("email", added[0].Replace("--email: ", "", StringComparison.Ordinal));
        }
        var user = (await users.FindByEmailAsync(email))!;
        await QueuePasswordLinkAsync(user, invited: true, ct);
        await db.SaveChangesAsync(ct);
        return Outcome<UserRow>.Ok(Row(user, normalizedRole!, clock.GetUtcNow()));
    }

    public async Task<Outcome<UserRow>> SetRoleAsync(Caller caller, string email, string? role, CancellationToken ct)
    {
        var normalizedRole = Roles.Normalize(role);
        if (normalizedRole is null)
        {
            return Outcome<UserRow>.Invalid("role", $"must be one of {string.Join(", ", Roles.All)}");
        }
        var (user, current, denied) = await TargetAsync(caller, email, ct);
        if (denied is not null)
        {
            return denied;
        }
        if (!MayManage(caller, normalizedRole))
        {
            return Outcome<UserRow>.Forbidden();
        }
        if (user!.Id == caller.UserId)
        {
            return Outcome<UserRow>.Invalid("role", "you cannot change your own role; ask another administrator");
        }
        if (current != normalizedRole)
        {
            await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
            await users.AddToRoleAsync(user, normalizedRole);
            // The role is in the session's claims: a new sign-in picks up the new one.
            await lifecycle.EndSessionsAsync(user);
        }
        return Outcome<UserRow>.Ok(Row(user, normalizedRole, clock.GetUtcNow()));
    }

    public async Task<Outcome<UserRow>> DisableAsync(Caller caller, string email, CancellationToken ct)
    {
        var (user, role, denied) = await TargetAsync(caller, email, ct);
        if (denied is not null)
        {
            return denied;
        }
        if (user!.Id == caller.UserId)
        {
            return Outcome<UserRow>.Invalid("email", "you cannot disable your own account");
        }
        await lifecycle.DisableAsync(user, ct);
        return Outcome<UserRow>.Ok(Row(user, role!, clock.GetUtcNow()));
    }

    public async Task<Outcome<UserRow>> EnableAsync(Caller caller, string email, CancellationToken ct)
    {
        var (user, role, denied) = await TargetAsync(caller, email, ct);
        if (denied is not null)
        {
            return denied;
        }
        if (user!.EmployeeId is { } employeeId && await db.Employees.AnyAsync(e => e.Id == employeeId && e.Status == EmploymentStatus.Separated, ct))
        {
            return Outcome<UserRow>.Invalid("email", $"{user.DisplayName} is separated: record their return in the roster before enabling the account");
        }
        await lifecycle.EnableAsync(user, ct);
        return Outcome<UserRow>.Ok(Row(user, role!, clock.GetUtcNow()));
    }

    /// <summary>
    /// Resets the password: with <paramref name="newPassword"/> (the CLI) it is set at once, otherwise a one-time link to
    /// choose one is mailed. Either way every session ends.
    /// </summary>
    public async Task<Outcome<UserRow>> ResetPasswordAsync(Caller caller, string email, string? newPassword, CancellationToken ct)
    {
        var (user, role, denied) = await TargetAsync(caller, email, ct);
        if (denied is not null)
        {
            return denied;
        }
        if (newPassword is not null)
        {
            var token = await users.GeneratePasswordResetTokenAsync(user!);
            var result = await users.ResetPasswordAsync(user!, token, newPassword);
            if (!result.Succeeded)
            {
                return Outcome<UserRow>.Invalid("password", string.Join(" ", result.Errors.Select(e => e.Description)));
            }
        }
        else
        {
            await lifecycle.EndSessionsAsync(user!);
            await QueuePasswordLinkAsync(user!, invited: false, ct);
            await db.SaveChangesAsync(ct);
        }
        return Outcome<UserRow>.Ok(Row(user!, role!, clock.GetUtcNow()));
    }

    /// <summary>The person changes their own password (the current one is checked through the lockout); every session ends.</summary>
    public async Task<Outcome<AppUser>> ChangeOwnPasswordAsync(Caller caller, string? current, string? next, SignInManager<AppUser> signIn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signIn);
        var user = await users.FindByIdAsync(caller.UserId);
        if (user is null)
        {
            return Outcome<AppUser>.NotFound();
        }
        var check = await signIn.CheckPasswordSignInAsync(user, current ?? "", lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            return Outcome<AppUser>.Invalid("current_password", check.IsLockedOut ? "too many wrong passwords: wait a few minutes" : "is not right");
        }
        var changed = await users.ChangePasswordAsync(user, current!, next ?? "");
        return changed.Succeeded
            ? Outcome<AppUser>.Ok(user)
            : Outcome<AppUser>.Invalid("new_password", string.Join(" ", changed.Errors.Select(e => e.Description)));
    }

    /// <summary>Sets the password from a mailed link (invitation or reset); the link works once (it is bound to the security stamp).</summary>
    public async Task<Outcome<AppUser>> SetPasswordFromLinkAsync(string? userId, string? token, string? password)
    {
        var user = string.IsNullOrEmpty(userId) ? null : await users.FindByIdAsync(userId);
        if (user is null || string.IsNullOrEmpty(token) || user.IsDisabled(clock.GetUtcNow()))
        {
            return Outcome<AppUser>.Invalid("link", "this link is not valid (or was already used): ask for a new one");
        }
        var result = await users.ResetPasswordAsync(user, token, password ?? "");
        if (result.Succeeded)
        {
            return Outcome<AppUser>.Ok(user);
        }
        return result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))
            ? Outcome<AppUser>.Invalid("link", "this link is not valid (or was already used): ask for a new one")
            : Outcome<AppUser>.Invalid("password", string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    // ---- tokens ----

    /// <summary>The caller's own tokens; administrators (and HR, for non-administrators) may ask for anyone's with <paramref name="email"/>.</summary>
    public async Task<Outcome<IReadOnlyList<TokenRow>>> TokensAsync(Caller caller, string? email, CancellationToken ct)
    {
        var query = db.ApiTokens.AsNoTracking().Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, u.Email });
        if (email is null)
        {
            query = query.Where(x => x.Token.UserId == caller.UserId);
        }
        else if (!string.Equals(email, caller.Email, StringComparison.OrdinalIgnoreCase))
        {
            var (user, _, denied) = await TargetAsync(caller, email, ct);
            if (denied is not null)
            {
                return denied.Kind == OutcomeKind.NotFound ? Outcome<IReadOnlyList<TokenRow>>.NotFound() : Outcome<IReadOnlyList<TokenRow>>.Forbidden();
            }
            query = query.Where(x => x.Token.UserId == user!.Id);
        }
        else
        {
            query = query.Where(x => x.Token.UserId == caller.UserId);
        }
        var now = clock.GetUtcNow();
        var rows = await query.ToListAsync(ct);
        return Outcome<IReadOnlyList<TokenRow>>.Ok(rows.OrderByDescending(x => x.Token.CreatedAt)
            .Select(x => new TokenRow(x.Token.Id, x.Email ?? "", x.Token.Name, x.Token.CreatedAt, x.Token.ExpiresAt, x.Token.LastUsedAt,
                x.Token.Revoked ? "revoked" : x.Token.IsActive(now) ? "active" : "expired"))
            .ToList());
    }

    /// <summary>Revokes a token: its owner, or whoever may manage the owner's account. 401 on every node from the next request.</summary>
    public async Task<Outcome<TokenRow>> RevokeTokenAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (token is null)
        {
            return Outcome<TokenRow>.NotFound();
        }
        var owner = await users.FindByIdAsync(token.UserId);
        if (token.UserId != caller.UserId)
        {
            var role = (await users.GetRolesAsync(owner!)).FirstOrDefault() ?? Roles.Employee;
            if (!MayManage(caller, role))
            {
                return Outcome<TokenRow>.NotFound();
            }
        }
        if (!token.Revoked)
        {
            token.Revoked = true;
            token.RevokedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return Outcome<TokenRow>.Ok(new TokenRow(token.Id, owner?.Email ?? "", token.Name, token.CreatedAt, token.ExpiresAt, token.LastUsedAt, "revoked"));
    }

    /// <summary>A new token for the caller, named, with a lifetime within the configured maximum; the secret is shown once.</summary>
    public async Task<Outcome<string>> CreateOwnTokenAsync(Caller caller, string? name, int? days, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Check(!string.IsNullOrWhiteSpace(name) && name.Trim().Length <= 120, "name", "say what the token is for (at most 120 characters)");
        var max = options.Value.TokenMaxDays;
        errors.Check(days is null || (days >= 1 && days <= max), "days", $"must be between 1 and {max}");
        if (errors.Count > 0)
        {
            return Outcome<string>.Invalid(errors);
        }
        var (secret, error) = await accounts.CreateTokenAsync(caller.Email, name!.Trim(), days is { } d ? TimeSpan.FromDays(d) : null, ct);
        return secret is null ? Outcome<string>.Invalid("days", error ?? "not created") : Outcome<string>.Ok(secret);
    }

    // ---- helpers ----

    private async Task<(AppUser? User, string? Role, Outcome<UserRow>? Denied)> TargetAsync(Caller caller, string email, CancellationToken ct)
    {
        if (!MayAdminister(caller))
        {
            return (null, null, Outcome<UserRow>.Forbidden());
        }
        // The API names an account by its id, the CLI and the page by its e-mail.
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByIdAsync(email.Trim()) ?? await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            return (null, null, Outcome<UserRow>.NotFound());
        }
        var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? Roles.Employee;
        _ = ct;
        return MayManage(caller, role) ? (user, role, null) : (null, null, Outcome<UserRow>.Forbidden());
    }

    private async Task<Dictionary<string, string>> RolesAsync(CancellationToken ct) =>
        await db.UserRoles.AsNoTracking().Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .GroupBy(x => x.UserId).Select(g => new { g.Key, Name = g.Min(x => x.Name) })
            .ToDictionaryAsync(x => x.Key, x => x.Name ?? Roles.Employee, ct);

    private static UserRow Row(AppUser user, string role, DateTimeOffset now) => new(
        user.Id, user.Email ?? "", user.DisplayName, role,
        user.IsDisabled(now) ? "disabled" : user.LockoutEnd > now ? "locked" : user.PasswordHash is null ? "invited" : "active",
        user.LastSignInAt, user.DisabledFrom);

    private async Task QueuePasswordLinkAsync(AppUser user, bool invited, CancellationToken ct)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = links.To("/Accounts/SetPassword") + $"?user={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}";
        var hours = options.Value.PasswordLinkHours.ToString(CultureInfo.InvariantCulture);
        var body = invited
            ? $"Hello {user.DisplayName},\n\nAn account was opened for you in CertDesk. Choose your password here (the link works once, for {hours} hours):\n{link}\n"
            : $"Hello {user.DisplayName},\n\nYour CertDesk password was reset and your sessions were ended. Choose a new password here (the link works once, for {hours} hours):\n{link}\n";
        var key = $"password-link:{user.Id}:{clock.GetUtcNow().UtcTicks.ToString(CultureInfo.InvariantCulture)}";
        await outbox.QueueAsync(key, user.Email!, invited ? "Your CertDesk account" : "Reset your CertDesk password", body, ct);
    }
}
