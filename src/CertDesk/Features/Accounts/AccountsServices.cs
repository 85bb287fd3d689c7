using Microsoft.AspNetCore.Identity;

namespace CertDesk.Features.Accounts;

public static class AccountsServices
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section);
        // Lockout and the mailed links' lifetime follow the Accounts settings.
        services.AddOptions<IdentityOptions>().Configure<IOptions<AccountOptions>>((identity, accounts) =>
        {
            identity.Lockout.MaxFailedAccessAttempts = Math.Max(1, accounts.Value.LockoutFailures);
            identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(accounts.Value.LockoutMinutes);
        });
        services.AddOptions<DataProtectionTokenProviderOptions>().Configure<IOptions<AccountOptions>>((tokens, accounts) =>
            tokens.TokenLifespan = TimeSpan.FromHours(accounts.Value.PasswordLinkHours));
        services.AddScoped<IUserClaimsPrincipalFactory<AppUser>, CertDeskClaimsFactory>();
        services.AddScoped<AccountService>();
        services.AddScoped<AccountLifecycle>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<Organization.ISeparationListener, SeparatedAccounts>();
        services.AddSingleton<SignInThrottle>();
        return services;
    }
}
