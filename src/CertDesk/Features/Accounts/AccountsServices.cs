using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Accounts;

public static class AccountsServices
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddScoped<IUserClaimsPrincipalFactory<AppUser>, CertDeskClaimsFactory>();
        services.AddScoped<AccountService>();
        return services;
    }
}
