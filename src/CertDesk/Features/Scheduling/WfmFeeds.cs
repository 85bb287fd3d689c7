using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Scheduling;

/// <summary>
/// The schedule-exceptions feed a WFM tool polls, one per site, and the accounts that may poll it.
/// <para>
/// Why a token and not a secret URL: a WFM tool calls with a header it is configured with (NICE, Verint, Genesys and
/// Calabrio all send a bearer token or basic credentials to a web source), while a secret in the URL is written to
/// proxy and server logs, browser history and the WFM tool's own configuration screens, and cannot be revoked without
/// moving the URL. The token is the API's own (only its hash stored, expiring, listed and revoked with
/// <c>tokens list|revoke</c>, rotated with <c>tokens create</c>), on an account of the role <see cref="Roles.WfmFeed"/>
/// that is no person and has no password: signed in, it may read its site's feed and nothing else (the default policy
/// refuses it every other endpoint), and the site it is bound to is a claim of the account (<see cref="SiteClaim"/>),
/// checked against the site in the URL, so a leaked feed token gives one site's training calendar and no more.
/// </para>
/// </summary>
public sealed class WfmFeeds(CertDeskDbContext db, UserManager<AppUser> users, AccountService accounts, IOptions<AccountOptions> accountOptions)
{
    /// <summary>The account's site (a user claim, read into the principal with the account's roles).</summary>
    public const string SiteClaim = "certdesk:wfm_site";

    public static string FeedPath(Guid siteId) => $"/api/v1/sites/{siteId}/session-exceptions.csv";

    /// <summary>Marks the feed endpoint: the only one the default policy lets a <see cref="Roles.WfmFeed"/> account reach.</summary>
    public sealed class FeedEndpoint;

    public static bool IsFeed(HttpContext http) => http?.GetEndpoint()?.Metadata.GetMetadata<FeedEndpoint>() is not null;

    /// <summary>The site a feed account was issued for; null for anyone else.</summary>
    public static Guid? SiteOf(ClaimsPrincipal user) =>
        user is not null && user.IsInRole(Roles.WfmFeed) && Guid.TryParse(user.FindFirstValue(SiteClaim), out var site) ? site : null;

    public sealed record Added(string Account, string Token, string Site, string FeedPath);

    /// <summary>
    /// <c>wfm-feeds add --site NAME</c>: the site's feed account (<c>wfm-SITE@wfm-feed.invalid</c>: under <c>.invalid</c>,
    /// RFC 2606, so no mail reaches it) and its first token. One account per site; another token for it is
    /// <c>tokens create --email</c> with that address.
    /// </summary>
    public async Task<Outcome<Added>> AddAsync(Guid siteId, TimeSpan? lifetime, CancellationToken ct)
    {
        var site = await db.Sites.AsNoTracking().FirstOrDefaultAsync(s => s.Id == siteId, ct);
        if (site is null)
        {
            return Outcome<Added>.NotFound();
        }
        if (lifetime > TimeSpan.FromDays(accountOptions.Value.TokenMaxDays))
        {
            return Outcome<Added>.Invalid("days", $"at most {accountOptions.Value.TokenMaxDays} (the configured maximum, Accounts:TokenMaxDays)");
        }
        var slug = new string([.. site.Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }
        // A name with no ASCII letter (or a long one) is known by its id instead.
        var email = $"wfm-{(slug.Length is > 0 and <= 40 ? slug : site.Id.ToString("N"))}@wfm-feed.invalid";
        await accounts.EnsureRolesAsync();
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            var claims = await users.GetClaimsAsync(existing);
            var same = claims.Any(c => c.Type == SiteClaim && c.Value == site.Id.ToString());
            return Outcome<Added>.Conflict(same
                ? $"site {site.Name} has a feed account already ({email}); issue it another token with tokens create --email {email}"
                : $"the account {email} exists and is not {site.Name}'s feed");
        }
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"WFM feed {site.Name}" };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            return Outcome<Added>.Conflict(string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        // The site first, the role next, the token last: until the token exists nobody can call as this account.
        await users.AddClaimAsync(user, new Claim(SiteClaim, site.Id.ToString()));
        await users.AddToRoleAsync(user, Roles.WfmFeed);
        var (token, error) = await accounts.CreateTokenAsync(email, $"WFM feed {site.Name}", lifetime, ct);
        return token is null
            ? Outcome<Added>.Invalid("days", error ?? "no token")
            : Outcome<Added>.Ok(new Added(email, token, site.Name, FeedPath(site.Id)));
    }
}
