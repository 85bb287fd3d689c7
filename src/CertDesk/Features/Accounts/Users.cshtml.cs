namespace CertDesk.Features.Accounts;

/// <summary>
/// Accounts: invite by e-mail, change a role, disable and re-enable, reset a password, see the last sign-in.
/// Administrators manage every account; HR every account that is not an administrator's. Disabling revokes the
/// account's API tokens for good, so the row's Disable opens a confirmation on this page (<c>?disable=e-mail</c>, no
/// JavaScript) that says what ends; only its button posts the Disable handler. Resetting a password signs the person
/// out everywhere and mails them a link, so it is confirmed the same way (<c>?reset=e-mail</c>), naming who is signed
/// out and where the link goes.
/// </summary>
[Authorize(Policy = Policies.RunsProgram)]
public sealed class UsersModel(UserAdministration admin, CallerAccessor caller, IOptions<AccountOptions> options) : PageModel
{
    public IReadOnlyList<UserRow> Users { get; private set; } = [];

    public string? Message { get; private set; }

    public bool IsAdmin => caller.Caller.IsIn(Roles.Admin);

    /// <summary>The roles the caller may give.</summary>
    public IEnumerable<string> Grantable => IsAdmin ? Roles.All : Roles.All.Where(r => r != Roles.Admin);

    public bool MayManage(UserRow row) => IsAdmin || row.Role != Roles.Admin;

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Role { get; set; }

    public static string RoleLabel(string role) => role switch
    {
        Roles.ProgramManager => "Program manager (HR)",
        Roles.Approver => "Approver (director, finance)",
        _ => role,
    };

    /// <summary>The account whose disabling waits for confirmation (from <c>?disable=</c>), with its active API tokens.</summary>
    public UserRow? Disabling { get; private set; }

    public IReadOnlyList<TokenRow> DisablingTokens { get; private set; } = [];

    /// <summary>The account whose password reset waits for confirmation (from <c>?reset=</c>).</summary>
    public UserRow? Resetting { get; private set; }

    /// <summary>How long the mailed link to choose a new password works.</summary>
    public int PasswordLinkHours => options.Value.PasswordLinkHours;

    public async Task OnGetAsync(string? disable, string? reset)
    {
        await LoadAsync();
        if (!string.IsNullOrWhiteSpace(reset) && Users.FirstOrDefault(u => string.Equals(u.Email, reset.Trim(), StringComparison.OrdinalIgnoreCase)) is { } resetting
            && MayManage(resetting))
        {
            Resetting = resetting;
        }
        if (!string.IsNullOrWhiteSpace(disable) && Users.FirstOrDefault(u => string.Equals(u.Email, disable.Trim(), StringComparison.OrdinalIgnoreCase)) is { } row
            && MayManage(row) && row.Status is not ("disabled" or "locked"))
        {
            Disabling = row;
            DisablingTokens = [.. ((await admin.TokensAsync(caller.Caller, row.Email, HttpContext.RequestAborted)).Value ?? []).Where(t => t.Status == "active")];
        }
    }

    public Task<IActionResult> OnPostInviteAsync() =>
        DoAsync(admin.InviteAsync(caller.Caller, Email, Role, HttpContext.RequestAborted), r => $"{r.Email} is invited: a link to choose a password is on its way.");

    public Task<IActionResult> OnPostRoleAsync() =>
        DoAsync(admin.SetRoleAsync(caller.Caller, Email ?? "", Role, HttpContext.RequestAborted), r => $"{r.Email} is now {RoleLabel(r.Role)}; their sessions ended.");

    public Task<IActionResult> OnPostDisableAsync() =>
        DoAsync(admin.DisableAsync(caller.Caller, Email ?? "", HttpContext.RequestAborted), r => $"{r.Email} is disabled: their sessions and API tokens ended.");

    public Task<IActionResult> OnPostEnableAsync() =>
        DoAsync(admin.EnableAsync(caller.Caller, Email ?? "", HttpContext.RequestAborted), r => $"{r.Email} can sign in again (revoked tokens stay revoked).");

    public Task<IActionResult> OnPostResetAsync() =>
        DoAsync(admin.ResetPasswordAsync(caller.Caller, Email ?? "", newPassword: null, HttpContext.RequestAborted), r => $"{r.Email}: sessions ended, a link to choose a new password is on its way.");

    /// <summary>Done: the page again with what happened and the list as it is now; refused: the shared page answer.</summary>
    private async Task<IActionResult> DoAsync(Task<Outcome<UserRow>> action, Func<UserRow, string> done)
    {
        var outcome = await action;
        if (outcome.IsOk)
        {
            Message = done(outcome.Value!);
            await LoadAsync();
        }
        return await this.AnswerAsync(outcome, _ => Page(), ShowAsync);
    }

    private async Task<IActionResult> ShowAsync()
    {
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync() => Users = (await admin.ListAsync(caller.Caller, HttpContext.RequestAborted)).Value ?? [];
}
