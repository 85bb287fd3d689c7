using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Accounts;

/// <summary>Identity's sign-in manager, refusing disabled accounts (by hand or past a separation's effective date).</summary>
public sealed class CertDeskSignInManager(
    UserManager<AppUser> userManager, IHttpContextAccessor contextAccessor, IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<AppUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation, TimeProvider clock)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return !user.IsDisabled(clock.GetUtcNow()) && await base.CanSignInAsync(user);
    }
}
