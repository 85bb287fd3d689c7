namespace CertDesk.Features.Accounts;

/// <summary>
/// Single sign-on through the organization's OpenID Connect provider (configuration section <c>Sso</c>, e.g.
/// <c>Sso__Authority</c>, <c>Sso__ClientSecret</c>). Off while <see cref="Authority"/> is empty. docs/operations.md, "Single sign-on".
/// </summary>
public sealed class SsoOptions
{
    public const string Section = "Sso";

    /// <summary>The provider's issuer address; its discovery document is read from <c>.well-known/openid-configuration</c> under it.</summary>
    public string? Authority { get; set; }

    public string ClientId { get; set; } = "";

    /// <summary>From the environment or a secret store, never the repository.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The sign-in button's words: "Sign in with {DisplayName}".</summary>
    public string DisplayName { get; set; } = "your organization's account";

    public string Scopes { get; set; } = "openid profile email";

    /// <summary>How the person is found in the roster: <c>email</c> (a verified e-mail claim) or <c>employee_id</c>.</summary>
    public string MatchBy { get; set; } = MatchByEmail;

    public const string MatchByEmail = "email";
    public const string MatchByEmployeeId = "employee_id";

    /// <summary>The claim holding the roster's employee number when <see cref="MatchBy"/> is <c>employee_id</c>.</summary>
    public string EmployeeIdClaim { get; set; } = "employee_id";

    /// <summary>
    /// Accept an e-mail claim without <c>email_verified: true</c>. Only for providers that vouch for every address they
    /// issue but do not send the claim (say which in the settings' comment); otherwise anyone able to set their own
    /// address at the provider could sign in as someone else.
    /// </summary>
    public bool TrustUnverifiedEmail { get; set; }

    /// <summary>The claim listing the person's groups or roles (e.g. <c>groups</c>, <c>roles</c>); empty: roles stay as set in CertDesk.</summary>
    public string? RoleClaim { get; set; }

    /// <summary>
    /// A claim value to a CertDesk role (<c>Admin</c>, <c>ProgramManager</c>, <c>Approver</c>, <c>Manager</c>,
    /// <c>Employee</c>, or the words people use: hr, director, supervisor). With several matches the widest role wins.
    /// </summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.Ordinal);

    /// <summary>False: nobody signs in with a CertDesk password (API tokens still work); everyone comes through the provider.</summary>
    public bool LocalPasswords { get; set; } = true;

    /// <summary>Only for a provider on loopback in tests: production providers are HTTPS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
