using System.ComponentModel.DataAnnotations;
using CertDesk.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace CertDesk.Features.Accounts;

[EnableRateLimiting(Policies.SignInRateLimit)]
public sealed class LoginModel(PasswordSignIn passwords) : PageModel
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

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
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
