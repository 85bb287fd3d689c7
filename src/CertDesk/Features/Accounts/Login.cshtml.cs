using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.RateLimiting;

namespace CertDesk.Features.Accounts;

[EnableRateLimiting(Policies.SignInRateLimit)]
public sealed class LoginModel(PasswordSignIn passwords, IOptions<SsoOptions> sso) : PageModel
{
    public sealed class InputModel
    {
        [Required, EmailAddress, Display(Name = "E-mail")]
        public string Email { get; set; } = "";

        [Required, DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Single sign-on is configured: the page offers "Sign in with ...".</summary>
    public SsoOptions? Sso => sso.Value.Enabled ? sso.Value : null;

    /// <summary>False when the organization turned local passwords off: only the single sign-on button is shown.</summary>
    public bool PasswordsAllowed => !sso.Value.Enabled || sso.Value.LocalPasswords;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!PasswordsAllowed)
        {
            ModelState.AddModelError(string.Empty, $"This organization signs in with {sso.Value.DisplayName} only.");
            return Page();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "local";
        if (await passwords.SignInAsync(Input.Email, Input.Password, address, HttpContext.RequestAborted))
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        ModelState.AddModelError(string.Empty, PasswordSignIn.FailureMessage);
        return Page();
    }
}
