using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Accounts;

public sealed class LogoutModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, AccountLifecycle lifecycle) : PageModel
{
    public void OnGet()
    {
    }

    /// <summary>Signs out everywhere: a copy of the session cookie (another tab, another device, a thief) stops working too.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is { } user)
        {
            await lifecycle.EndSessionsAsync(user);
        }
        await signIn.SignOutAsync();
        return Redirect("/Accounts/Login");
    }
}
