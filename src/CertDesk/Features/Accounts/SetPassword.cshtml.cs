using Microsoft.AspNetCore.RateLimiting;

namespace CertDesk.Features.Accounts;

/// <summary>Where an invitation or reset link leads: choose a password (the link works once).</summary>
[EnableRateLimiting(Hosting.Policies.SignInRateLimit)]
public sealed class SetPasswordModel(UserAdministration admin) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var set = await admin.SetPasswordFromLinkAsync(UserId, Token, Password);
        if (set.IsOk)
        {
            return Redirect("/Accounts/Login?passwordSet=1");
        }
        ModelState.AddFieldErrors(set.Errors);
        return Page();
    }
}
