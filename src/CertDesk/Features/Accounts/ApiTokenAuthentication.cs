using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Accounts;

/// <summary>
/// Authenticates <c>Authorization: Bearer TOKEN</c> by the token's SHA-256. The token row is read on every request (a
/// revoked or expired token fails at once); the user, claims and roles behind it take four more queries, so the
/// principal is kept per user and data version (<see cref="VersionedCache"/>: disabling the account or changing a role
/// is a change, after which the next request loads them again). A sign-in lockout does not stop tokens: nobody can cut
/// an integration off by typing wrong passwords. The last use is written at most every few minutes, outside the audit
/// trail (it is not a change anyone made, and must not move the data version).
/// </summary>
public sealed class ApiTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    CertDeskDbContext db, UserManager<AppUser> users, IUserClaimsPrincipalFactory<AppUser> principals, TimeProvider clock,
    VersionedCache versioned)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    /// <summary>The token's account and its principal (both null when the account is gone); shared, so read only.</summary>
    private sealed record TokenAccount(AppUser? User, ClaimsPrincipal? Principal);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var hash = ApiToken.Hash(header["Bearer ".Length..].Trim());
        var token = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, Context.RequestAborted);
        var now = clock.GetUtcNow();
        if (token is null || !token.IsActive(now))
        {
            return AuthenticateResult.Fail("invalid or expired token");
        }
        if (token.LastUsedAt is not { } used || now - used > ApiToken.LastUsedPrecision)
        {
            await db.ApiTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }
        var account = await versioned.GetOrCreateAsync((nameof(ApiTokenAuthentication), token.UserId), async () =>
            await users.FindByIdAsync(token.UserId) is { } user ? new TokenAccount(user, await principals.CreateAsync(user)) : new TokenAccount(null, null),
            Context.RequestAborted);
        if (account.User is null || account.User.IsDisabled(now))
        {
            return AuthenticateResult.Fail("account unavailable");
        }
        return AuthenticateResult.Success(new AuthenticationTicket(account.Principal!.Clone(), SchemeName));
    }

    /// <summary>
    /// The challenge names the scheme (RFC 6750 section 3), so that a client told 401 knows to send a bearer token;
    /// a token that was sent and refused says <c>invalid_token</c>.
    /// </summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Request.Headers.Authorization.Count > 0 ? Challenge + ", error=\"invalid_token\"" : Challenge;
        return Task.CompletedTask;
    }

    /// <summary>The WWW-Authenticate value of a request without credentials.</summary>
    public const string Challenge = "Bearer realm=\"CertDesk\"";
}
