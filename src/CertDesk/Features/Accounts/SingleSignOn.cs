using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace CertDesk.Features.Accounts;

/// <summary>
/// OpenID Connect sign-in (authorization code with PKCE) through the organization's provider, by ASP.NET Core's own
/// handler: it reads the provider's discovery document and keys, exchanges the code and validates the ID token. The
/// handler only proves who the person is at the provider (in a short-lived external cookie); <see cref="SsoSignIn"/>
/// then finds them in the roster and opens an ordinary CertDesk session, so disabling, separation, sign-out
/// everywhere and the session limits apply exactly as to a password sign-in.
/// </summary>
public static class SingleSignOn
{
    public const string Scheme = "sso";
    public const string CallbackPath = "/signin-oidc";

    public static void Add(AuthenticationBuilder authentication, IConfiguration configuration, bool httpsOnly)
    {
        authentication.Services.AddOptions<SsoOptions>().BindConfiguration(SsoOptions.Section);
        authentication.Services.AddScoped<SsoSignIn>();
        var sso = configuration.GetSection(SsoOptions.Section).Get<SsoOptions>() ?? new SsoOptions();
        if (!sso.Enabled)
        {
            return;
        }
        authentication.AddOpenIdConnect(Scheme, sso.DisplayName, o =>
        {
            o.Authority = sso.Authority;
            o.ClientId = sso.ClientId;
            o.ClientSecret = sso.ClientSecret;
            o.RequireHttpsMetadata = sso.RequireHttpsMetadata;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            // The answer comes back as a top-level GET: the correlation cookies can stay SameSite=Lax (form_post needs None).
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.CallbackPath = CallbackPath;
            o.Scope.Clear();
            foreach (var scope in sso.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                o.Scope.Add(scope);
            }
            // Claims keep the names the provider documents ("email", "groups"), which the settings name.
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.SignInScheme = IdentityConstants.ExternalScheme;
            foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
            {
                cookie.SameSite = SameSiteMode.Lax;
                cookie.SecurePolicy = httpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            }
            // Cancelled or refused at the provider, or an answer that does not validate: a page that says so, not a 500.
            o.Events.OnRemoteFailure = context =>
            {
                context.Response.Redirect("/Accounts/Sso?handler=Failed");
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }
}

/// <summary>
/// The person the provider vouched for, matched to the roster: by a verified e-mail claim or by the employee-number
/// claim, as configured. Someone in the roster without an account gets one (their role from the claim mapping, else
/// Employee); roles follow the mapping at each sign-in when one is configured.
/// </summary>
public sealed class SsoSignIn(
    CertDeskDbContext db, UserManager<AppUser> users, SignInManager<AppUser> signIn, AccountService accounts,
    AccountLifecycle lifecycle, IOptions<SsoOptions> options, TimeProvider clock)
{
    /// <summary>A session claim: when this session's single sign-on happened (Unix seconds). Signing an agreement reads it.</summary>
    public const string SignedInAtClaim = "certdesk:sso_at";

    private SsoOptions Sso => options.Value;

    /// <summary>When the session's single sign-on happened, or null for a password session or an API token.</summary>
    public static DateTimeOffset? SignedInAt(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(SignedInAtClaim), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    public async Task<Outcome<AppUser>> SignInAsync(ClaimsPrincipal external, CancellationToken ct)
    {
        var match = await FindAsync(external, ct);
        if (!match.IsOk)
        {
            return match;
        }
        var user = match.Value!;
        var now = clock.GetUtcNow();
        if (user.IsDisabled(now) || await users.IsLockedOutAsync(user))
        {
            return Outcome<AppUser>.Forbidden("Your CertDesk account is disabled or locked. Ask an administrator.");
        }
        if (MappedRole(external) is { } role)
        {
            var current = await users.GetRolesAsync(user);
            if (current.Count != 1 || current[0] != role)
            {
                await users.RemoveFromRolesAsync(user, current);
                await users.AddToRoleAsync(user, role);
                // The role is in every session's claims: the person's other sessions pick up the new one at their next sign-in.
                await lifecycle.EndSessionsAsync(user);
            }
        }
        user.LastSignInAt = now;
        await users.UpdateAsync(user);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false,
        [
            new Claim(ClaimTypes.AuthenticationMethod, SingleSignOn.Scheme),
            new Claim(SignedInAtClaim, now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        return Outcome<AppUser>.Ok(user);
    }

    private async Task<Outcome<AppUser>> FindAsync(ClaimsPrincipal external, CancellationToken ct)
    {
        Employee? employee;
        string who;
        if (string.Equals(Sso.MatchBy, SsoOptions.MatchByEmployeeId, StringComparison.OrdinalIgnoreCase))
        {
            var number = external.FindFirstValue(Sso.EmployeeIdClaim)?.Trim();
            if (string.IsNullOrEmpty(number))
            {
                return Outcome<AppUser>.Forbidden($"Your organization's sign-in did not say your employee number (claim \"{Sso.EmployeeIdClaim}\"). Ask your administrator to release it to CertDesk.");
            }
            who = $"employee number {number}";
            employee = await db.Employees.FirstOrDefaultAsync(e => e.EmployeeNumber == number, ct);
        }
        else
        {
            var email = external.FindFirstValue("email")?.Trim();
            if (string.IsNullOrEmpty(email))
            {
                return Outcome<AppUser>.Forbidden("Your organization's sign-in did not say your e-mail address. Ask your administrator to release it to CertDesk.");
            }
            if (!Sso.TrustUnverifiedEmail && !string.Equals(external.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase))
            {
                return Outcome<AppUser>.Forbidden($"Your organization's sign-in has not verified the e-mail address {email}, so CertDesk cannot tell it is yours. Ask your administrator.");
            }
            who = email;
            var lower = email.ToLowerInvariant();
#pragma warning disable CA1304, CA1311 // translated to SQL lower(): no .NET culture is involved
            employee = await db.Employees.FirstOrDefaultAsync(e => e.Email.ToLower() == lower, ct);
#pragma warning restore CA1304, CA1311
            // Accounts outside the roster (an administrator, an auditor) are matched on their own e-mail.
            if (employee is null && await users.FindByEmailAsync(email) is { } account)
            {
                return Outcome<AppUser>.Ok(account);
            }
        }
        if (employee is null)
        {
            return Outcome<AppUser>.Forbidden($"CertDesk has no one with {who} in its roster. Ask HR to add you, then sign in again.");
        }
        if (employee.Status == EmploymentStatus.Separated && employee.SeparationDate is { } left && left <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
        {
            return Outcome<AppUser>.Forbidden("The roster records that you have left the organization, so CertDesk no longer signs you in.");
        }
        if (await db.Users.FirstOrDefaultAsync(u => u.EmployeeId == employee.Id, ct) is { } linked)
        {
            return Outcome<AppUser>.Ok(linked);
        }
        if (await users.FindByEmailAsync(employee.Email) is { } byEmail)
        {
            return Outcome<AppUser>.Ok(byEmail);
        }
        // In the roster without an account yet: the provider vouches for them, so the account is made now (no password).
        IReadOnlyList<string> errors;
        try
        {
            errors = await accounts.AddUserAsync(employee.Email, MappedRole(external) ?? Roles.Employee, password: null, ct);
        }
        catch (DbUpdateException e) when (DatabaseFailure.Of(e, db.Model)?.Kind == DatabaseFailureKind.Duplicate)
        {
            // Two first sign-ins at once (two tabs, a double click): the other made the account; use it.
            db.ChangeTracker.Clear();
            errors = [];
        }
        return await users.FindByEmailAsync(employee.Email) is { } made
            ? Outcome<AppUser>.Ok(made)
            : Outcome<AppUser>.Forbidden("CertDesk could not make an account for you: " + string.Join("; ", errors));
    }

    /// <summary>The widest CertDesk role the person's claims map to, or null (no mapping configured or none matches).</summary>
    private string? MappedRole(ClaimsPrincipal external)
    {
        if (string.IsNullOrWhiteSpace(Sso.RoleClaim) || Sso.RoleMap.Count == 0)
        {
            return null;
        }
        var mapped = external.FindAll(Sso.RoleClaim).Select(c => Sso.RoleMap.GetValueOrDefault(c.Value)).Select(Roles.Normalize)
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        return Roles.All.FirstOrDefault(mapped.Contains);
    }
}
