using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Accounts;

/// <summary>
/// The signed-in person's account: change the password, create, see and revoke their API tokens. Revoking cannot be
/// undone, so a token's Revoke opens a confirmation on this page (<c>?revoke=id</c>, no JavaScript); its button posts
/// the Revoke handler.
/// </summary>
public sealed class MeModel(UserAdministration admin, SignInManager<AppUser> signIn, CallerAccessor caller, IOptions<AccountOptions> options) : PageModel
{
    public IReadOnlyList<TokenRow> Tokens { get; private set; } = [];

    public int MaxDays => options.Value.TokenMaxDays;

    public int DefaultDays => options.Value.TokenDefaultDays;

    /// <summary>A token just created: shown this once.</summary>
    public string? NewToken { get; private set; }

    public string? Message { get; private set; }

    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? TokenName { get; set; }

    [BindProperty]
    public int? TokenDays { get; set; }

    /// <summary>The active token whose revoking waits for confirmation (from <c>?revoke=</c>).</summary>
    public TokenRow? Revoking { get; private set; }

    public async Task OnGetAsync(Guid? revoke)
    {
        await LoadAsync();
        Revoking = revoke is { } id ? Tokens.FirstOrDefault(t => t.Id == id && t.Status == "active") : null;
    }

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        var changed = await admin.ChangeOwnPasswordAsync(caller.Caller, CurrentPassword, NewPassword, signIn, HttpContext.RequestAborted);
        if (!changed.IsOk)
        {
            ModelState.AddFieldErrors(changed.Errors);
            await LoadAsync();
            return Page();
        }
        // The change ended every session, this one included: sign in again with the new password.
        await signIn.SignOutAsync();
        return Redirect("/Accounts/Login");
    }

    public async Task<IActionResult> OnPostTokenAsync()
    {
        var created = await admin.CreateOwnTokenAsync(caller.Caller, TokenName, TokenDays, HttpContext.RequestAborted);
        if (created.IsOk)
        {
            NewToken = created.Value;
        }
        else
        {
            ModelState.AddFieldErrors(created.Errors);
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        var revoked = await admin.RevokeTokenAsync(caller.Caller, id, HttpContext.RequestAborted);
        Message = revoked.IsOk ? $"The token \u201c{revoked.Value!.Name}\u201d is revoked." : "No such token of yours.";
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync() => Tokens = (await admin.TokensAsync(caller.Caller, null, HttpContext.RequestAborted)).Value ?? [];
}
