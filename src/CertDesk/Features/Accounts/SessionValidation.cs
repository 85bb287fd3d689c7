using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Accounts;

/// <summary>
/// Checks a session cookie on every request, on every node: the account still exists, is neither disabled nor locked,
/// its security stamp is the one the session was issued with (sign-out, password change, role change and disabling
/// change it), and the session is younger than the absolute limit. The account's state is kept per data version
/// (<see cref="VersionedCache"/>: any change anywhere moves it), so the check costs one indexed query a request.
/// </summary>
public static class SessionValidation
{
    private const string SignedInAtKey = "certdesk.signed_in_at";

    private sealed record AccountState(string? Stamp, DateTimeOffset? LockoutEnd, DateOnly? DisabledFrom, DateTimeOffset? DisabledAt);

    /// <summary>Remembers when the session began; renewals (sliding expiration) keep it.</summary>
    public static Task OnSigningInAsync(CookieSigningInContext context)
    {
        var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        context.Properties.Items.TryAdd(SignedInAtKey, clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        return Task.CompletedTask;
    }

    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        var options = services.GetRequiredService<IOptions<AccountOptions>>().Value;
        var valid = context.Principal is { } principal
            && SignedInAt(context.Properties) is { } signedIn
            && now - signedIn < TimeSpan.FromHours(options.SessionMaxHours)
            && await StillValidAsync(services, principal, now, context.HttpContext.RequestAborted);
        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    private static DateTimeOffset? SignedInAt(AuthenticationProperties properties) =>
        properties.Items.TryGetValue(SignedInAtKey, out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;

    private static async Task<bool> StillValidAsync(IServiceProvider services, ClaimsPrincipal principal, DateTimeOffset now, CancellationToken ct)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var stamp = principal.FindFirstValue(stampClaim);
        if (userId is null || stamp is null)
        {
            return false;
        }
        var state = await StateAsync(services, userId, ct);
        return state is not null
            && string.Equals(state.Stamp, stamp, StringComparison.Ordinal)
            && !new AppUser { DisabledAt = state.DisabledAt, DisabledFrom = state.DisabledFrom }.IsDisabled(now)
            && !(state.LockoutEnd > now);
    }

    private static async Task<AccountState?> StateAsync(IServiceProvider services, string userId, CancellationToken ct) =>
        (await services.GetRequiredService<VersionedCache>().GetOrCreateAsync((nameof(SessionValidation), userId), async () =>
            new KnownAccount(await services.GetRequiredService<CertDeskDbContext>().Users.AsNoTracking().Where(u => u.Id == userId)
                .Select(u => new AccountState(u.SecurityStamp, u.LockoutEnd, u.DisabledFrom, u.DisabledAt))
                .FirstOrDefaultAsync(ct)), ct)).State;

    /// <summary>The account's state, or null when it is gone (kept as such too).</summary>
    private sealed record KnownAccount(AccountState? State);
}
