using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;

namespace CertDesk.Features.Accounts;

/// <summary>
/// Single sign-on: <c>GET</c> sends the person to the organization's provider; the provider's answer comes back to
/// <c>?handler=Callback</c> (through the OpenID Connect handler), where the person is matched to the roster and signed in,
/// or told plainly why not.
/// </summary>
[EnableRateLimiting(Policies.SignInRateLimit)]
public sealed class SsoModel(SsoSignIn sso, IOptions<SsoOptions> options) : PageModel
{
    public string? Refusal { get; private set; }

    public string ProviderName => options.Value.DisplayName;

    public IActionResult OnGet(string? returnUrl)
    {
        if (!options.Value.Enabled)
        {
            return NotFound();
        }
        var callback = Url.Page("/Accounts/Sso", "Callback", new { returnUrl = Url.IsLocalUrl(returnUrl) ? returnUrl : "/" })!;
        return Challenge(new AuthenticationProperties { RedirectUri = callback }, SingleSignOn.Scheme);
    }

    public async Task<IActionResult> OnGetCallbackAsync(string? returnUrl)
    {
        var external = await HttpContext.AuthenticateAsync(IdentityConstants.ExternalScheme);
        // The external cookie has done its job (or was never there): it never outlives this request.
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        if (!external.Succeeded || external.Principal is null)
        {
            return Refuse("The sign-in through your organization did not finish (it may have taken too long). Try again.");
        }
        var outcome = await sso.SignInAsync(external.Principal, HttpContext.RequestAborted);
        return outcome.IsOk ? LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/") : Refuse(outcome.Message);
    }

    public IActionResult OnGetFailed() =>
        Refuse("Your organization's sign-in did not let you through, or its answer could not be checked. Try again, or ask your administrator.");

    private PageResult Refuse(string why)
    {
        // Answered like a refused password sign-in (200 with the reason): a sign-in that did not happen, not a page refused.
        Refusal = why;
        return Page();
    }
}
