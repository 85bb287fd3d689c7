using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Accounts;

/// <summary>Adds the employee link and display name to the sign-in principal (cookie and bearer token alike).</summary>
public sealed class CertDeskClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(Caller.NameClaim, user.DisplayName.Length > 0 ? user.DisplayName : user.Email ?? ""));
        if (user.Email is not null && !identity.HasClaim(c => c.Type == ClaimTypes.Email))
        {
            identity.AddClaim(new Claim(ClaimTypes.Email, user.Email));
        }
        if (user.EmployeeId is { } employeeId)
        {
            identity.AddClaim(new Claim(Caller.EmployeeIdClaim, employeeId.ToString()));
        }
        return identity;
    }
}
